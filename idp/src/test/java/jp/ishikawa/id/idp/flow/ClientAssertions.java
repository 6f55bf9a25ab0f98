package jp.ishikawa.id.idp.flow;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * {@code private_key_jwt} client assertions as RFC 7523 builds them (what Nimbus's {@code
 * PrivateKeyJWT} sends), with each claim settable so a test can get one wrong.
 */
final class ClientAssertions {

  private final String clientId;
  private final ECKey key;
  private String audience;
  private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(1));
  private String jti = UUID.randomUUID().toString();

  ClientAssertions(String clientId, ECKey key, String audience) {
    this.clientId = clientId;
    this.key = key;
    this.audience = audience;
  }

  ClientAssertions audience(String audience) {
    this.audience = audience;
    return this;
  }

  ClientAssertions expiresAt(Instant expiresAt) {
    this.expiresAt = expiresAt;
    return this;
  }

  ClientAssertions jti(String jti) {
    this.jti = jti;
    return this;
  }

  PrivateKeyJWT sign() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(audience)
            .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(1))))
            .expirationTime(Date.from(expiresAt))
            .jwtID(jti)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new ECDSASigner(key));
    return new PrivateKeyJWT(jwt);
  }
}
