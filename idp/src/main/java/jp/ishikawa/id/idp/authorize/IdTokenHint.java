package jp.ishikawa.id.idp.authorize;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the {@code id_token_hint} of an authorization request (OIDC Core §3.1.2.1): an ID token we
 * issued earlier, signed by one of our published keys and naming our issuer. It may have expired —
 * the spec allows that — so only its signature and issuer are checked; its {@code sub} and {@code
 * aud} are then compared by {@link AuthorizationRequestValidator}.
 */
public final class IdTokenHint {

  /** What the hint says: whom it was issued to, and about whom. */
  public record Hint(String subject, List<String> audience) {}

  private final Supplier<JWKSet> publishedKeys;
  private final String issuer;

  public IdTokenHint(Supplier<JWKSet> publishedKeys, String issuer) {
    this.publishedKeys = publishedKeys;
    this.issuer = issuer;
  }

  /**
   * @throws IllegalArgumentException when the value is not an ID token this issuer signed
   */
  public Hint read(String value) {
    try {
      SignedJWT jwt = SignedJWT.parse(value);
      JWK key = publishedKeys.get().getKeyByKeyId(jwt.getHeader().getKeyID());
      if (!(key instanceof AsymmetricJWK asymmetric)) {
        throw new IllegalArgumentException("id_token_hint is not signed by a key of ours");
      }
      JWSVerifier verifier =
          new DefaultJWSVerifierFactory()
              .createJWSVerifier(jwt.getHeader(), asymmetric.toPublicKey());
      if (!jwt.verify(verifier)) {
        throw new IllegalArgumentException("id_token_hint has a bad signature");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null) {
        throw new IllegalArgumentException("id_token_hint is not an ID token of this issuer");
      }
      return new Hint(claims.getSubject(), claims.getAudience());
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("id_token_hint is not a signed ID token");
    }
  }
}
