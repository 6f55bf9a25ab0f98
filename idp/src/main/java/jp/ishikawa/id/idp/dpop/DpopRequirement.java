package jp.ishikawa.id.idp.dpop;

import jp.ishikawa.id.idp.client.ClientSettingNames;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * {@code require-dpop} (RFC 9449 §5.2, the {@code dpop_bound_access_tokens} client setting): an
 * access token for such a client is issued only DPoP-bound. A token request without a DPoP proof is
 * refused with {@code invalid_dpop_proof} before anything is stored: this runs while the access
 * token is generated, and Spring saves the authorization (and uses up the code) only after every
 * token was generated.
 */
public final class DpopRequirement implements OAuth2TokenCustomizer<JwtEncodingContext> {

  /** Whether {@code client} gets DPoP-bound access tokens only. */
  public static boolean requiresDpop(RegisteredClient client) {
    return Boolean.TRUE.equals(
        client.getClientSettings().getSetting(ClientSettingNames.REQUIRE_DPOP));
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
        || !requiresDpop(context.getRegisteredClient())) {
      return;
    }
    if (context.get(OAuth2TokenContext.DPOP_PROOF_KEY) == null) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              "invalid_dpop_proof",
              "This client's tokens are DPoP-bound: send a DPoP proof",
              "https://datatracker.ietf.org/doc/html/rfc9449#section-5"));
    }
  }
}
