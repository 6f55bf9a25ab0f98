package jp.ishikawa.id.idp.authorize;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The successful authorization response (RFC 6749 §4.1.2): {@code code}, {@code state} and, per RFC
 * 9207 §2, {@code iss}, so a client talking to several providers can tell which one answered (the
 * mix-up attack). Spring's own handler sends no {@code iss}.
 */
public final class AuthorizationResponseHandler implements AuthenticationSuccessHandler {

  private final String issuer;
  private final RedirectStrategy redirects = new DefaultRedirectStrategy();

  public AuthorizationResponseHandler(String issuer) {
    this.issuer = issuer;
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    OAuth2AuthorizationCodeRequestAuthenticationToken result =
        (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
    UriComponentsBuilder uri =
        UriComponentsBuilder.fromUriString(result.getRedirectUri())
            .queryParam(
                OAuth2ParameterNames.CODE,
                UriUtils.encode(
                    result.getAuthorizationCode().getTokenValue(), StandardCharsets.UTF_8));
    if (StringUtils.hasText(result.getState())) {
      uri.queryParam(
          OAuth2ParameterNames.STATE, UriUtils.encode(result.getState(), StandardCharsets.UTF_8));
    }
    uri.queryParam("iss", UriUtils.encode(issuer, StandardCharsets.UTF_8));
    redirects.sendRedirect(request, response, uri.build(true).toUriString());
  }
}
