package jp.ishikawa.id.idp.authorize;

import java.util.Arrays;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

/**
 * When the consent screen is shown: Spring's rule (the client requires consent, and the request
 * asks for more than {@code openid} and more than was agreed) or, per OIDC Core §3.1.2.1, when the
 * request says {@code prompt=consent} — "The Authorization Server SHOULD prompt the End-User for
 * consent before returning information to the Client", which Spring does not do by itself.
 */
public final class ConsentRequirement
    implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

  @Override
  public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
      return false;
    }
    OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
    Object prompt = request.getAdditionalParameters().get("prompt");
    if (request.getScopes().contains(OidcScopes.OPENID)
        && prompt != null
        && Arrays.asList(prompt.toString().split(" ")).contains("consent")) {
      return true;
    }
    if (request.getScopes().contains(OidcScopes.OPENID) && request.getScopes().size() == 1) {
      return false;
    }
    OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
    return consent == null || !consent.getScopes().containsAll(request.getScopes());
  }
}
