package jp.ishikawa.id.verifier.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.testing.TestOcspResponder;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with OCSP: a test card signs the login message, {@link JpkiVerifier} asks
 * {@link TestOcspResponder} through {@link OcspRevocationChecker}, and the result carries what the
 * responder said — or fails closed when it said nothing.
 */
class OcspVerificationTests {

  private static final byte[] MESSAGE =
      "ishikawa-id-jpki-v1\norigin=https://id.test\ntxn=t1\npurpose=login\nchallenge=AA\ncode=42\n"
          .getBytes(StandardCharsets.UTF_8);

  private static TestRoot root;
  private static IssuedCertificate card;
  private static byte[] signature;
  private static TrustStore trustStore;

  private TestOcspResponder responder;

  @BeforeAll
  static void createPki() {
    TestPki pki = TestPki.create();
    root = pki.newestRoot(Purpose.LOGIN);
    card = pki.issue(LeafSpec.authentication());
    signature = card.sign(MESSAGE);
    trustStore =
        TrustStore.builder().allowTestRoots(true).add(Purpose.LOGIN, root.certificate()).build();
  }

  @BeforeEach
  void startResponder() {
    responder = TestOcspResponder.start(root);
  }

  @AfterEach
  void stopResponder() {
    responder.close();
  }

  private static VerificationResult verify(URI ocsp, RevocationPolicy policy) {
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(trustStore)
            .revocationChecker(
                OcspRevocationChecker.builder()
                    .responderUrl(ocsp)
                    .timeout(Duration.ofSeconds(2))
                    .build())
            .revocationPolicy(policy)
            .build();
    return verifier.verify(Purpose.LOGIN, card.der(), MESSAGE, signature);
  }

  @Test
  void verifyWhenResponderSaysGoodThenVerifiedWithOcspGood() {
    VerificationResult result = verify(responder.uri(), RevocationPolicy.FAIL_CLOSED);

    assertThat(result).isInstanceOf(Verified.class);
    Verified verified = (Verified) result;
    assertThat(verified.revocation().method()).isEqualTo(Method.OCSP);
    assertThat(verified.revocation().state()).isEqualTo(State.GOOD);
    assertThat(verified.revocation().source()).isEqualTo(responder.uri().toString());
    assertThat(verified.revocationChecked()).isTrue();
    assertThat(responder.requestCount()).isEqualTo(1);
  }

  @Test
  void verifyWhenResponderSaysRevokedThenRejectedRevoked() {
    Instant revokedAt = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    responder.revoke(card.certificate(), revokedAt, 1);

    VerificationResult result = verify(responder.uri(), RevocationPolicy.FAIL_CLOSED);

    assertThat(result).isInstanceOf(Rejected.class);
    Rejected rejected = (Rejected) result;
    assertThat(rejected.reason()).isEqualTo(Reason.REVOKED);
    assertThat(rejected.step()).isEqualTo(Step.REVOCATION);
    assertThat(rejected.detail()).contains("keyCompromise").contains("ocsp");
  }

  @Test
  void verifyWhenResponderDownThenRejectedRevocationUnknown() {
    URI address = responder.uri();
    responder.close();

    VerificationResult result = verify(address, RevocationPolicy.FAIL_CLOSED);

    assertThat(result).isInstanceOf(Rejected.class);
    Rejected rejected = (Rejected) result;
    assertThat(rejected.reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
    assertThat(rejected.detail()).contains("connection refused");
  }

  @Test
  void verifyWhenResponderDownAndSoftFailThenVerifiedWithUnknownRecorded() {
    URI address = responder.uri();
    responder.close();

    VerificationResult result = verify(address, RevocationPolicy.SOFT_FAIL);

    assertThat(result).isInstanceOf(Verified.class);
    Verified verified = (Verified) result;
    assertThat(verified.revocation().state()).isEqualTo(State.UNKNOWN);
    assertThat(verified.revocation().method()).isEqualTo(Method.OCSP);
    assertThat(verified.revocationChecked()).isFalse();
  }
}
