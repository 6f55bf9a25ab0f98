package jp.ishikawa.id.verifier;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;

/**
 * One test PKI (JPKI-TEST, three generations) and a verifier trusting all its roots, at a pinned
 * time, shared by the pipeline tests. Key generation is slow, so one card key pair serves every
 * certificate whose key does not matter to the test.
 */
public final class VerifierFixture {

  public static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final byte[] MESSAGE =
      ("ishikawa-id-jpki-v1\norigin=https://id.example\ntxn=t1\npurpose=login\n"
              + "challenge=AAAA\ncode=42")
          .getBytes(StandardCharsets.UTF_8);

  private static TestPki pki;
  private static KeyPair cardKeys;

  private VerifierFixture() {}

  public static synchronized TestPki pki() {
    if (pki == null) {
      pki = TestPki.create(TestPki.options().clock(CLOCK));
      cardKeys = pki.newCardKeyPair();
    }
    return pki;
  }

  public static KeyPair cardKeys() {
    pki();
    return cardKeys;
  }

  public static TrustStore trustStore() {
    TrustStore.Builder builder = TrustStore.builder().allowTestRoots(true);
    for (Purpose purpose : Purpose.values()) {
      pki().roots(purpose).forEach(root -> builder.add(purpose, root.certificate()));
    }
    return builder.build();
  }

  public static JpkiVerifier verifier() {
    return verifier(RevocationChecker.none());
  }

  public static JpkiVerifier verifier(RevocationChecker revocation) {
    return JpkiVerifier.builder()
        .trustStore(trustStore())
        .revocationChecker(revocation)
        .clock(CLOCK)
        .build();
  }

  /** A certificate issued as {@code spec} says, with the shared card key unless spec sets one. */
  public static IssuedCertificate issue(LeafSpec spec) {
    return pki().issue(spec.keyPair(cardKeys()));
  }

  /** Verifies {@code card}'s correct signature over {@link #MESSAGE} for {@code purpose}. */
  public static VerificationResult verifySigned(Purpose purpose, IssuedCertificate card) {
    return verifier().verify(purpose, card.der(), MESSAGE, card.sign(MESSAGE));
  }
}
