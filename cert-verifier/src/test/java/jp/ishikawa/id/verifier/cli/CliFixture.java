package jp.ishikawa.id.verifier.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;

/**
 * A JPKI-TEST PKI of two generations at a pinned time, files for the CLI in a folder, and the CLI
 * run in-process with its stdout, stderr and exit code captured. Key generation is slow, so the PKI
 * and one card key pair are made once for every CLI test.
 */
final class CliFixture {

  static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final byte[] MESSAGE =
      "ishikawa-id-jpki-v1\norigin=https://id.example\ntxn=t1\npurpose=login\nchallenge=AAAA\ncode=42"
          .getBytes(StandardCharsets.UTF_8);

  private static TestPki pki;
  private static TestPki productionLookAlike;
  private static KeyPair cardKeys;

  private CliFixture() {}

  static synchronized TestPki pki() {
    if (pki == null) {
      pki =
          TestPki.create(
              TestPki.options()
                  .generations(List.of(LocalDate.of(2019, 9, 14), LocalDate.of(2023, 7, 16)))
                  .clock(CLOCK));
      cardKeys = pki.newCardKeyPair();
    }
    return pki;
  }

  /** A PKI with production names ({@code O=JPKI}), one generation: for pinning tests. */
  static synchronized TestPki production() {
    if (productionLookAlike == null) {
      productionLookAlike =
          TestPki.create(
              TestPki.options()
                  .organisation("JPKI")
                  .generations(List.of(LocalDate.of(2023, 7, 16)))
                  .clock(CLOCK));
    }
    return productionLookAlike;
  }

  static KeyPair cardKeys() {
    pki();
    return cardKeys;
  }

  /** Issues with the shared card key pair unless {@code spec} sets one. */
  static IssuedCertificate issue(LeafSpec spec) {
    return pki().issue(spec.keyPair(cardKeys()));
  }

  /** The result of one in-process run. */
  record Run(int exit, String out, String err) {}

  /**
   * Runs {@code verify} of a card written with {@link #writeCard} ({@code files}: certificate,
   * message, signature) against the roots at {@code trust}, test roots allowed, plus {@code extra}.
   */
  static Run verify(Purpose purpose, String trust, String[] files, String... extra) {
    String[] base = {
      "verify",
      "--purpose",
      purpose.code(),
      "--trust",
      trust,
      "--allow-test-roots",
      "--cert",
      files[0],
      "--message",
      files[1],
      "--signature",
      files[2]
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(args);
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CertVerifierCli.run(
            args,
            CLOCK,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String write(Path folder, String name, byte[] bytes) {
    try {
      return Files.write(folder.resolve(name), bytes).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String writeDer(Path folder, String name, X509Certificate certificate) {
    return write(folder, name, der(certificate));
  }

  /** Writes the newest test root of {@code purpose} as PEM; returns its path. */
  static String writeRoot(Path folder, Purpose purpose) {
    return writePem(folder, purpose.code() + "-root.pem", pki().newestRoot(purpose).certificate());
  }

  static String writePem(Path folder, String name, X509Certificate... certificates) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      pem.append(pem("CERTIFICATE", der(certificate)));
    }
    return write(folder, name, pem.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static String writeCrl(Path folder, String name, X509CRL crl) {
    try {
      return write(folder, name, crl.getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String writeCrlPem(Path folder, String name, X509CRL crl) {
    try {
      return write(
          folder, name, pem("X509 CRL", crl.getEncoded()).getBytes(StandardCharsets.US_ASCII));
    } catch (CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /**
   * Writes {@code card}'s certificate (DER), {@link #MESSAGE} and its signature (raw) to {@code
   * folder}; returns {cert, message, signature} paths.
   */
  static String[] writeCard(Path folder, IssuedCertificate card) {
    return new String[] {
      write(folder, "card.der", card.der()),
      write(folder, "message.txt", MESSAGE),
      write(folder, "card.sig", card.sign(MESSAGE))
    };
  }
}
