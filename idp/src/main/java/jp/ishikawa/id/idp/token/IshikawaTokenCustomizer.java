package jp.ishikawa.id.idp.token;

import java.util.ArrayList;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What this IdP adds to the tokens Spring's authorization server issues:
 *
 * <ul>
 *   <li>ID token: {@code acr} (how the resident logged in) and {@code amr} (RFC 8176); {@code
 *       auth_time} comes from the card tap time already;
 *   <li>ID token and access token: the client's {@code sub} (pairwise for third parties);
 *   <li>access tokens signed with ES256 (small, fast) instead of the default RS256.
 * </ul>
 */
public final class IshikawaTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final SubjectIdentifiers subjects;

  public IshikawaTokenCustomizer(SubjectIdentifiers subjects) {
    this.subjects = subjects;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    Authentication principal = context.getPrincipal();
    if (!ResidentAuthentication.isResident(principal)) {
      return;
    }
    String sub = subjects.subjectFor(context.getRegisteredClient(), principal.getName());
    context.getClaims().subject(sub);
    if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
    }
    if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      ResidentAuthentication.acr(principal).ifPresent(acr -> context.getClaims().claim("acr", acr));
      // A plain ArrayList: the stored authorization's JSON may only name allow-listed types.
      context.getClaims().claim("amr", new ArrayList<>(AuthenticationContextClass.JPKI_AMR));
    }
  }
}
