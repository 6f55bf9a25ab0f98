package jp.ishikawa.id.idp.dpop;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens as Spring issues them, plus one case Spring leaves out: a public client registered
 * with {@code require-dpop} (the phone apps) gets a refresh token when its code was exchanged with
 * a DPoP proof. RFC 9449 §5 binds such a refresh token to the proof's key: Spring's refresh
 * provider then accepts it only with a proof by the key of the access token's {@code cnf.jkt}, and
 * {@link DpopRefreshClientAuthentication} lets the public client in only with a proof. A public
 * client without DPoP still gets none.
 */
public final class DpopBoundRefreshTokenGenerator
    implements OAuth2TokenGenerator<OAuth2RefreshToken> {

  private final OAuth2RefreshTokenGenerator spring = new OAuth2RefreshTokenGenerator();

  @Override
  public OAuth2RefreshToken generate(OAuth2TokenContext context) {
    if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
      return null;
    }
    boolean publicCodeExchange =
        AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
            && context.getAuthorizationGrant().getPrincipal()
                instanceof OAuth2ClientAuthenticationToken client
            && ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
    if (!publicCodeExchange) {
      return spring.generate(context);
    }
    if (!DpopRequirement.requiresDpop(context.getRegisteredClient())
        || context.get(OAuth2TokenContext.DPOP_PROOF_KEY) == null) {
      return null;
    }
    return spring.generate(
        DefaultOAuth2TokenContext.builder()
            .registeredClient(context.getRegisteredClient())
            .principal(context.getPrincipal())
            .authorizationServerContext(context.getAuthorizationServerContext())
            .authorizedScopes(context.getAuthorizedScopes())
            .tokenType(OAuth2TokenType.REFRESH_TOKEN)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .authorizationGrant(context.getAuthorizationGrant())
            .build());
  }
}
