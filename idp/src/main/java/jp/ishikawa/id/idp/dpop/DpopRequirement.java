package jp.ishikawa.id.idp.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * DPoP at token issuance (RFC 9449): an access token requested with a verified proof gets {@code
 * cnf.jkt}, the proof key's thumbprint (§6.1). With {@code require-dpop} (§5.2, the {@code
 * dpop_bound_access_tokens} client setting) an access token for the client is issued only
 * DPoP-bound. A token request without a DPoP proof is refused with {@code invalid_dpop_proof}
 * before anything is stored: this runs while the access token is generated, and Spring saves the
 * authorization (and uses up the code) only after every token was generated.
 */
public final class DpopRequirement implements OAuth2TokenCustomizer<JwtEncodingContext> {

  /** Whether {@code client} gets DPoP-bound access tokens only. */
  public static boolean requiresDpop(RegisteredClient client) {
    return Boolean.TRUE.equals(
        client.getClientSettings().getSetting(ClientSettingNames.REQUIRE_DPOP));
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
    if (proof != null) {
      // RFC 9449 §6.1: the token is bound to the proof's key (as Spring's default customizer,
      // which our own token generator replaces, does).
      // A plain LinkedHashMap: the stored authorization's JSON may only name allow-listed types.
      Map<String, Object> confirmation = new LinkedHashMap<>();
      confirmation.put("jkt", thumbprint(proof));
      context.getClaims().claim("cnf", confirmation);
      return;
    }
    if (requiresDpop(context.getRegisteredClient())) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              "invalid_dpop_proof",
              "This client's tokens are DPoP-bound: send a DPoP proof",
              "https://datatracker.ietf.org/doc/html/rfc9449#section-5"));
    }
  }

  private static String thumbprint(Jwt proof) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> jwk = (Map<String, Object>) proof.getHeaders().get("jwk");
      return JWK.parse(jwk).computeThumbprint().toString();
    } catch (ParseException | JOSEException | RuntimeException e) {
      // Spring verified the proof with this very key: not being able to read it is a server error.
      throw new OAuth2AuthenticationException(
          new OAuth2Error("server_error", "The DPoP proof key cannot be read", null), e);
    }
  }
}
