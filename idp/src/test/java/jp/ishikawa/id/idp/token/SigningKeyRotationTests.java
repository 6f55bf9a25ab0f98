package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Key rotation with overlap: the new key is published first and signs after the publication delay;
 * the old one stays published for verifiers.
 */
class SigningKeyRotationTests {

  private static JWKSet publishedJwks(TestIdentityProvider idp) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(idp.issuer() + "/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
    return JWKSet.parse(response.body());
  }

  private static String signedKid(TestIdentityProvider idp) {
    return idp.bean(JwtEncoder.class)
        .encode(
            JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.ES256).build(),
                JwtClaimsSet.builder().subject("s").issuedAt(Instant.now()).build()))
        .getHeaders()
        .get("kid")
        .toString();
  }

  @Test
  void rotateWhenEs256ThenNewKeyIsPublishedFirstAndSignsAfterThePublicationDelay()
      throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    SigningKeyStore keys = idp.bean(SigningKeyStore.class);
    String before = signedKid(idp);
    try {
      String rotated = keys.rotate(JWSAlgorithm.ES256);

      // Published at once, not signing yet: other nodes may not publish it yet.
      JWKSet published = publishedJwks(idp);
      assertThat(published.getKeys()).extracting(JWK::getKeyID).contains(before, rotated);
      assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
      assertThat(signedKid(idp)).isEqualTo(before);

      idp.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
      keys.reload();

      assertThat(signedKid(idp)).isEqualTo(rotated);
      assertThat(publishedJwks(idp).getKeys()).extracting(JWK::getKeyID).contains(before, rotated);
    } finally {
      idp.clock().reset();
      keys.reload();
    }
  }

  @Test
  void constructionWhenPublicationDelayIsNotLongerThanRefreshIntervalThenRefused() {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    Duration minute = Duration.ofMinutes(1);
    assertThatThrownBy(
            () ->
                new SigningKeyStore(
                    idp.bean(JdbcClient.class),
                    idp.bean(AtRestCipher.class),
                    idp.clock(),
                    Duration.ofDays(90),
                    minute,
                    minute))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signing-key-publication-delay");
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

      idp.clock().advance(Duration.ofDays(91));
      keys.maintain();
      // The new keys are published first; they sign once the publication delay has passed.
      assertThat(keys.signingKeys().getKeys())
          .extracting(JWK::getKeyID)
          .containsExactlyInAnyOrderElementsOf(before);
      idp.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
      keys.reload();

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
