package jp.ishikawa.id.idp.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.ishikawa.id.idp.audit.AuditLog;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * What {@code POST /login/webauthn} answers the login page's script, as JSON: on success {@code
 * {authenticated: true, redirectUrl}} (the saved authorization request, else the account page); on
 * failure 401 {@code {error, error_description}} with a {@link PasskeyError} code.
 *
 * <p>Refusals of {@link PasskeyAuthenticationProvider} were audited from the authentication event
 * ({@code login/LoginAuditListener}); the two the filter makes before any provider runs — no
 * challenge waiting in the session (a replayed assertion, {@code no_challenge}), or a body that is
 * not an assertion ({@code malformed}) — are audited here.
 */
public final class PasskeyLoginResponses
    implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

  private final AuditLog audit;
  private final RequestCache requests = new HttpSessionRequestCache();

  public PasskeyLoginResponses(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    SavedRequest saved = requests.getRequest(request, response);
    String target = saved != null ? saved.getRedirectUrl() : request.getContextPath() + "/account";
    requests.removeRequest(request, response);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response
        .getWriter()
        .write("{\"authenticated\":true,\"redirectUrl\":\"" + jsonEscape(target) + "\"}");
  }

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    PasskeyError error;
    if (exception instanceof PasskeyLoginException refused) {
      error = refused.error();
    } else {
      String message = String.valueOf(exception.getMessage());
      error =
          message.contains("No PublicKeyCredentialRequestOptions")
              ? PasskeyError.NO_CHALLENGE
              : PasskeyError.MALFORMED;
      audit.record("login", "failure", error.code(), null, null, "method=passkey");
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response
        .getWriter()
        .write(
            "{\"error\":\""
                + error.code()
                + "\",\"error_description\":\""
                + jsonEscape(String.valueOf(exception.getMessage()))
                + "\"}");
  }

  private static String jsonEscape(String value) {
    StringBuilder escaped = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        escaped.append('\\').append(c);
      } else if (c < 0x20) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
