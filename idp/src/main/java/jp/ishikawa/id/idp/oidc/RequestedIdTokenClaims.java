package jp.ishikawa.id.idp.oidc;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.idp.authorize.ClaimsRequest;
import jp.ishikawa.id.idp.token.ResidentClaims;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts into the ID token the resident's claims the {@code claims} parameter asked for there (OIDC
 * Core §5.5: {@code "id_token": {"name": null}}), but only those of scopes the resident agreed to:
 * the consent screen listed them, as the request's scopes were widened by them. Claims we do not
 * issue, or that the resident has no verified fact for, are left out, as §5.5 allows.
 */
public final class RequestedIdTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final ResidentClaims residentClaims;

  public RequestedIdTokenClaims(ResidentClaims residentClaims) {
    this.residentClaims = residentClaims;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      return;
    }
    OAuth2Authorization authorization = context.getAuthorization();
    if (authorization == null) {
      return;
    }
    OAuth2AuthorizationRequest request =
        authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
    if (request == null) {
      return;
    }
    Optional<ClaimsRequest> claims;
    try {
      claims = ClaimsRequest.of(request.getAdditionalParameters().get("claims"));
    } catch (IllegalArgumentException e) {
      return; // Refused at the authorization endpoint; cannot be here.
    }
    if (claims.isEmpty() || claims.get().idToken().isEmpty()) {
      return;
    }
    Map<String, Object> available =
        residentClaims.claims(authorization.getPrincipalName(), context.getAuthorizedScopes());
    for (String name : claims.get().idToken()) {
      Object value = available.get(name);
      if (value instanceof Map<?, ?> map) {
        // A plain HashMap: the stored authorization's JSON may only name allow-listed types.
        value = new HashMap<>(map);
      }
      if (value != null) {
        context.getClaims().claim(name, value);
      }
    }
  }
}
