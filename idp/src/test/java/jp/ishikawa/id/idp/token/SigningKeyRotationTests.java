package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** Key rotation with overlap: the new key signs, the old one stays published for verifiers. */
class SigningKeyRotationTests {

  private static JWKSet publishedJwks(TestIdentityProvider idp) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(idp.issuer() + "/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
    return JWKSet.parse(response.body());
  }

  @Test
  void rotateWhenEs256ThenNewKeySignsAndOldKeyStaysPublishedWithoutPrivateParts() throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    SigningKeyStore keys = idp.bean(SigningKeyStore.class);
    String before =
        keys.signingKeys().getKeys().stream()
            .filter(k -> JWSAlgorithm.ES256.equals(k.getAlgorithm()))
            .findFirst()
            .orElseThrow()
            .getKeyID();

    String rotated = keys.rotate(JWSAlgorithm.ES256);

    JWKSet published = publishedJwks(idp);
    List<String> kids = published.getKeys().stream().map(JWK::getKeyID).toList();
    assertThat(kids).contains(before, rotated);
    assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
    String signedWith =
        idp.bean(JwtEncoder.class)
            .encode(
                JwtEncoderParameters.from(
                    JwsHeader.with(SignatureAlgorithm.ES256).build(),
                    JwtClaimsSet.builder().subject("s").issuedAt(Instant.now()).build()))
            .getHeaders()
            .get("kid")
            .toString();
    assertThat(signedWith).isEqualTo(rotated).isNotEqualTo(before);
  }

  @Test
  void maintainWhenKeyOlderThanRotationPeriodThenReplacedByItself() {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    SigningKeyStore keys = idp.bean(SigningKeyStore.class);
    List<String> before = keys.signingKeys().getKeys().stream().map(JWK::getKeyID).toList();
    try {
      keys.maintain();
      assertThat(keys.signingKeys().getKeys())
          .extracting(JWK::getKeyID)
          .containsExactlyInAnyOrderElementsOf(before);

      idp.clock().advance(java.time.Duration.ofDays(91));
      keys.maintain();

      List<String> after = keys.signingKeys().getKeys().stream().map(JWK::getKeyID).toList();
      assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    } finally {
      idp.clock().reset();
      keys.reload();
    }
  }

  @Test
  void signingKeysWhenLoadedThenOneActiveKeyPerAlgorithm() {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);

    List<JWK> signing = idp.bean(SigningKeyStore.class).signingKeys().getKeys();

    assertThat(signing)
        .extracting(JWK::getAlgorithm)
        .containsExactlyInAnyOrder(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
    assertThat(signing).allMatch(JWK::isPrivate);
  }
}
