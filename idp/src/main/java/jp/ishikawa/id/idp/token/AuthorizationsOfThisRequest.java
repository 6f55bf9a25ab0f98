package jp.ishikawa.id.idp.token;

import java.time.Instant;
import java.util.Optional;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What an HTTP request found in the store when it looked an authorization up by a token it was
 * presented: the stored access and refresh token hashes, and when that refresh token expires.
 *
 * <p>Saving the authorization later in the same request is then conditional on the row still
 * holding those hashes. Two requests presenting the same code or refresh token at once both find
 * the row; without the condition both would get new tokens and the later write would silently win.
 * With it only one can, and the other knows its token was used twice at once. The answer lives in
 * the request's attributes only; outside an HTTP request nothing is remembered.
 */
final class AuthorizationsOfThisRequest {

  /** The row as the request found it (hashes, as stored). */
  record Found(String accessTokenHash, String refreshTokenHash, Instant refreshTokenExpiresAt) {}

  private static final String PREFIX = AuthorizationsOfThisRequest.class.getName() + ":";

  private AuthorizationsOfThisRequest() {}

  /** Remembers {@code stored} (its token values are the stored hashes) as this request found it. */
  static void remember(OAuth2Authorization stored) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return;
    }
    OAuth2Authorization.Token<OAuth2AccessToken> access = stored.getAccessToken();
    OAuth2Authorization.Token<OAuth2RefreshToken> refresh = stored.getRefreshToken();
    request.setAttribute(
        PREFIX + stored.getId(),
        new Found(
            access == null ? null : access.getToken().getTokenValue(),
            refresh == null ? null : refresh.getToken().getTokenValue(),
            refresh == null ? null : refresh.getToken().getExpiresAt()),
        RequestAttributes.SCOPE_REQUEST);
  }

  /** What this request found for the authorization {@code id}, if it looked it up by a token. */
  static Optional<Found> found(String id) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return Optional.empty();
    }
    return request.getAttribute(PREFIX + id, RequestAttributes.SCOPE_REQUEST) instanceof Found f
        ? Optional.of(f)
        : Optional.empty();
  }
}
