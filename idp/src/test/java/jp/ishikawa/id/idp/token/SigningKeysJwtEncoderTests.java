package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.crypto.JoseProvider;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

class SigningKeysJwtEncoderTests {

  private static final ECKey EC = ec("ec-1");
  private static final RSAKey RSA = rsa("rsa-1");
  private static final JWKSet KEYS = new JWKSet(List.of(EC, RSA));

  private final JoseProvider provider = JoseProvider.choose("auto");
  private final SigningKeysJwtEncoder encoder =
      new SigningKeysJwtEncoder(() -> KEYS, provider.signers());
  private final NimbusJwtEncoder spring =
      new NimbusJwtEncoder((selector, context) -> selector.select(KEYS));

  private static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(kid)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(kid)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An ID token's claims as JwtGenerator and our customizers make them. */
  private static JwtClaimsSet idTokenClaims() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return JwtClaimsSet.builder()
        .issuer("https://id.example.jp")
        .subject("pairwise-subject")
        .audience(List.of("portal"))
        .issuedAt(now)
        .expiresAt(now.plusSeconds(1800))
        .id("jti-1")
        .claim("azp", "portal")
        .claim("nonce", "n-0S6_WzA2Mj")
        .claim("sid", "session-1")
        .claim("auth_time", Date.from(now.minusSeconds(30)))
        .claim("acr", "urn:ishikawa-id:acr:jpki")
        .claim("amr", List.of("hwk", "pin"))
        .claim("scope", Set.of("openid", "profile"))
        .claim("address", Map.of("region", "石川県", "locality", "金沢市"))
        .build();
  }

  private static Map<String, Object> header(Jwt jwt) throws Exception {
    return SignedJWT.parse(jwt.getTokenValue()).getHeader().toJSONObject();
  }

  private static Map<String, Object> claims(Jwt jwt) throws Exception {
    return SignedJWT.parse(jwt.getTokenValue()).getJWTClaimsSet().toJSONObject();
  }

  @Test
  void encodeWhenEs256ThenSameHeaderAndClaimsAsSpringsEncoder() throws Exception {
    JwtEncoderParameters parameters =
        JwtEncoderParameters.from(
            JwsHeader.with(SignatureAlgorithm.ES256).build(), idTokenClaims());

    Jwt ours = encoder.encode(parameters);
    Jwt theirs = spring.encode(parameters);

    assertThat(header(ours)).isEqualTo(header(theirs)).containsEntry("kid", "ec-1");
    assertThat(claims(ours)).isEqualTo(claims(theirs));
    assertThat(ours.getHeaders()).isEqualTo(theirs.getHeaders());
    assertThat(ours.getClaims()).isEqualTo(theirs.getClaims());
    assertThat(ours.getIssuedAt()).isEqualTo(theirs.getIssuedAt());
    assertThat(ours.getExpiresAt()).isEqualTo(theirs.getExpiresAt());
    assertThat(claims(ours).get("auth_time")).isInstanceOf(Long.class);
  }

  @Test
  void encodeWhenTypedHeaderThenSameHeaderAsSpringsEncoder() throws Exception {
    // A logout token's header (OIDC Back-Channel Logout §2.4).
    JwtEncoderParameters parameters =
        JwtEncoderParameters.from(
            JwsHeader.with(SignatureAlgorithm.ES256).type("logout+jwt").build(), idTokenClaims());

    assertThat(header(encoder.encode(parameters)))
        .isEqualTo(header(spring.encode(parameters)))
        .containsEntry("typ", "logout+jwt");
  }

  @Test
  void encodeWhenEs256ThenSignatureVerifiesWithTheJdk() throws Exception {
    Jwt jwt =
        encoder.encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.ES256).build(), idTokenClaims()));

    assertThat(SignedJWT.parse(jwt.getTokenValue()).verify(new ECDSAVerifier(EC.toPublicJWK())))
        .isTrue();
  }

  @Test
  void encodeWhenRs256ThenSignedByTheRsaKey() throws Exception {
    Jwt jwt =
        encoder.encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(), idTokenClaims()));

    assertThat(header(jwt)).containsEntry("alg", "RS256").containsEntry("kid", "rsa-1");
    assertThat(SignedJWT.parse(jwt.getTokenValue()).verify(new RSASSAVerifier(RSA.toPublicJWK())))
        .isTrue();
  }

  @Test
  void encodeWhenNoKeyOfTheAlgorithmThenRefused() {
    assertThatThrownBy(
            () ->
                encoder.encode(
                    JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.ES384).build(), idTokenClaims())))
        .isInstanceOf(JwtEncodingException.class)
        .hasMessageContaining("Failed to select a JWK signing key");
  }

  @Test
  void encodeWhenHeaderNamesAnotherKidThenRefused() {
    assertThatThrownBy(
            () ->
                encoder.encode(
                    JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.ES256).keyId("ec-0").build(),
                        idTokenClaims())))
        .isInstanceOf(JwtEncodingException.class)
        .hasMessageContaining("Failed to select a JWK signing key");
  }

  @Test
  void encodeWhenTwoKeysOfTheAlgorithmThenRefused() {
    SigningKeysJwtEncoder ambiguous =
        new SigningKeysJwtEncoder(() -> new JWKSet(List.of(EC, ec("ec-2"))), provider.signers());

    assertThatThrownBy(
            () ->
                ambiguous.encode(
                    JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.ES256).build(), idTokenClaims())))
        .isInstanceOf(JwtEncodingException.class)
        .hasMessageContaining("more than one signing key");
  }

  @Test
  void encodeWhenOnlyThePublicKeyThenRefused() {
    SigningKeysJwtEncoder publicOnly =
        new SigningKeysJwtEncoder(() -> new JWKSet(EC.toPublicJWK()), provider.signers());

    assertThatThrownBy(
            () ->
                publicOnly.encode(
                    JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.ES256).build(), idTokenClaims())))
        .isInstanceOf(JwtEncodingException.class);
  }

  @Test
  void encodeWhenNoHeaderThenRefused() {
    assertThatThrownBy(() -> encoder.encode(JwtEncoderParameters.from(idTokenClaims())))
        .isInstanceOf(JwtEncodingException.class)
        .hasMessageContaining("no JWS header");
  }

  @Test
  void encodeWhenKeyRotatedThenSignsWithTheNewKey() throws Exception {
    ECKey[] active = {EC};
    SigningKeysJwtEncoder rotating =
        new SigningKeysJwtEncoder(() -> new JWKSet(active[0]), provider.signers());
    JwtEncoderParameters parameters =
        JwtEncoderParameters.from(
            JwsHeader.with(SignatureAlgorithm.ES256).build(), idTokenClaims());
    rotating.encode(parameters);
    active[0] = ec("ec-2");

    Jwt jwt = rotating.encode(parameters);

    assertThat(header(jwt)).containsEntry("kid", "ec-2");
    assertThat(
            SignedJWT.parse(jwt.getTokenValue()).verify(new ECDSAVerifier(active[0].toPublicJWK())))
        .isTrue();
  }
}
