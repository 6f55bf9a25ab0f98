package jp.ishikawa.id.idp.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The userinfo endpoint's refusals after the access token's signature checked out: the token is not
 * one the IdP holds (revoked, replaced, never issued in that form), its resident is no longer
 * active, or it lacks the {@code openid} scope. OIDC Core §5.3.3 answers these as RFC 6750 §3 does,
 * with a {@code WWW-Authenticate} challenge: {@code 401 invalid_token}, {@code 403
 * insufficient_scope}, otherwise {@code 400 invalid_request}. Spring's handler writes only the JSON
 * body, which a relying party's library reading the challenge does not understand. The scheme is
 * the request's ({@code DPoP} for a DPoP-bound token, RFC 9449 §7.1; otherwise {@code Bearer}).
 */
public final class UserInfoErrorResponses implements AuthenticationFailureHandler {

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    OAuth2Error error =
        exception instanceof OAuth2AuthenticationException oauth2
            ? oauth2.getError()
            : new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN);
    int status =
        switch (error.getErrorCode()) {
          case OAuth2ErrorCodes.INVALID_TOKEN -> HttpServletResponse.SC_UNAUTHORIZED;
          case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpServletResponse.SC_FORBIDDEN;
          default -> HttpServletResponse.SC_BAD_REQUEST;
        };
    String code = quotable(error.getErrorCode());
    String description = error.getDescription() == null ? null : quotable(error.getDescription());
    String authorization = request.getHeader("Authorization");
    String scheme =
        authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5)
            ? "DPoP"
            : "Bearer";
    response.setStatus(status);
    response.setHeader(
        "WWW-Authenticate",
        scheme
            + " error=\""
            + code
            + "\""
            + (description == null ? "" : ", error_description=\"" + description + "\""));
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"error\":\""
                    + code
                    + "\""
                    + (description == null ? "" : ",\"error_description\":\"" + description + "\"")
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * RFC 6750 §3 allows %x20-21 / %x23-5B / %x5D-7E in the challenge's values; anything else (a
   * quote, a backslash, a control character, non-ASCII) becomes a space, which is also safe in the
   * JSON string.
   */
  static String quotable(String value) {
    StringBuilder safe = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      safe.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : ' ');
    }
    return safe.toString();
  }
}
