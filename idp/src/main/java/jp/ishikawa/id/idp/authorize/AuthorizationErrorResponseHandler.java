package jp.ishikawa.id.idp.authorize;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization error response (RFC 6749 §4.1.2.1) with RFC 9207's {@code iss}. As the spec
 * requires, an error is redirected to the client only once its redirect URI was validated (the
 * framework then puts it on the failed request); otherwise — unknown client, unregistered redirect
 * URI — the browser gets a 400 and no redirect.
 */
public final class AuthorizationErrorResponseHandler implements AuthenticationFailureHandler {

  private final String issuer;
  private final RedirectStrategy redirects = new DefaultRedirectStrategy();

  public AuthorizationErrorResponseHandler(String issuer) {
    this.issuer = issuer;
  }

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    OAuth2Error error =
        exception instanceof OAuth2AuthenticationException oauth
            ? oauth.getError()
            : new OAuth2Error("invalid_request");
    OAuth2AuthorizationCodeRequestAuthenticationToken failed =
        exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest
            ? codeRequest.getAuthorizationCodeRequestAuthentication()
            : null;
    if (failed == null || !StringUtils.hasText(failed.getRedirectUri())) {
      response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
      return;
    }
    UriComponentsBuilder uri =
        UriComponentsBuilder.fromUriString(failed.getRedirectUri())
            .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
    if (StringUtils.hasText(error.getDescription())) {
      uri.queryParam(
          OAuth2ParameterNames.ERROR_DESCRIPTION,
          UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
    }
    if (StringUtils.hasText(error.getUri())) {
      uri.queryParam(
          OAuth2ParameterNames.ERROR_URI, UriUtils.encode(error.getUri(), StandardCharsets.UTF_8));
    }
    if (StringUtils.hasText(failed.getState())) {
      uri.queryParam(
          OAuth2ParameterNames.STATE, UriUtils.encode(failed.getState(), StandardCharsets.UTF_8));
    }
    uri.queryParam("iss", UriUtils.encode(issuer, StandardCharsets.UTF_8));
    redirects.sendRedirect(request, response, uri.build(true).toUriString());
  }
}
