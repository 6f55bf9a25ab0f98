package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;

/**
 * One test PKI (three generations per purpose, made once: RSA key generation is slow) with a trust
 * store of all its roots, a pinned time, and ways to put CRLs on disk.
 */
final class TestCrls {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final TestPki PKI =
      TestPki.create(TestPki.options().clock(Clock.fixed(NOW, ZoneOffset.UTC)));
  static final TrustStore TRUST = trustStore();
  static final KeyPair CARD_KEYS = PKI.newCardKeyPair();

  private TestCrls() {}

  private static TrustStore trustStore() {
    TrustStore.Builder builder = TrustStore.builder().allowTestRoots(true);
    for (Purpose purpose : Purpose.values()) {
      for (TestRoot root : PKI.roots(purpose)) {
        builder.add(purpose, root.certificate());
      }
    }
    return builder.build();
  }

  /** An authentication certificate of the newest root, reusing one key pair. */
  static IssuedCertificate card(long serial) {
    return PKI.issue(LeafSpec.authentication().serial(serial).keyPair(CARD_KEYS));
  }

  static TestRoot newestLoginRoot() {
    return PKI.newestRoot(Purpose.LOGIN);
  }

  static byte[] der(X509CRL crl) {
    try {
      return crl.getEncoded();
    } catch (CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path directory, String name, byte[] bytes) {
    try {
      return Files.write(directory.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path directory, String name, X509CRL crl) {
    return write(directory, name, der(crl));
  }

  static byte[] pem(byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN X509 CRL-----\n" + body + "\n-----END X509 CRL-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
