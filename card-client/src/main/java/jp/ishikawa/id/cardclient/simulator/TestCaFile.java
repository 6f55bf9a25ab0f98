package jp.ishikawa.id.cardclient.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestRoot;

/**
 * A persistent test CA: the test-PKI root key and certificate of each purpose in one PKCS#12 file
 * (aliases {@code authentication-root} and {@code signature-root}, test-only password {@value
 * #STORE_PASSWORD}), so that test cards issued at different times chain to roots an IdP demo
 * trusts. Written by {@code make-test-ca}, read by {@code make-test-card --ca}.
 */
public final class TestCaFile {

  /** The PKCS#12 password of every test CA file. Test material only. */
  public static final String STORE_PASSWORD = "jpki-test-ca";

  static final String AUTHENTICATION_ALIAS = "authentication-root";
  static final String SIGNATURE_ALIAS = "signature-root";

  /**
   * The two roots of a test CA.
   *
   * @param authentication issues authentication certificates
   * @param signature issues signature certificates
   */
  public record Roots(TestRoot authentication, TestRoot signature) {
    public Roots {
      Objects.requireNonNull(authentication, "authentication");
      Objects.requireNonNull(signature, "signature");
      if (authentication.purpose() != Purpose.LOGIN || signature.purpose() != Purpose.IDENTITY) {
        throw new IllegalArgumentException("an authentication root and a signature root");
      }
    }
  }

  private TestCaFile() {}

  /** Writes the two roots to a new file; an existing file is never replaced. */
  public static void write(Path file, Roots roots) throws IOException {
    char[] password = STORE_PASSWORD.toCharArray();
    byte[] encoded;
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
      for (TestRoot root : new TestRoot[] {roots.authentication(), roots.signature()}) {
        store.setEntry(
            root.purpose() == Purpose.LOGIN ? AUTHENTICATION_ALIAS : SIGNATURE_ALIAS,
            new KeyStore.PrivateKeyEntry(
                root.keyPair().getPrivate(), new Certificate[] {root.certificate()}),
            protection);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      encoded = out.toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IOException("the test CA could not be encoded as PKCS#12", e);
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.write(file, encoded, StandardOpenOption.CREATE_NEW);
  }

  /**
   * Reads a test CA file.
   *
   * @throws IOException if the file is missing or not a test CA file
   */
  public static Roots read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no test CA file at " + file);
    }
    char[] password = STORE_PASSWORD.toCharArray();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      byte[] bytes = Files.readAllBytes(file);
      try {
        store.load(new ByteArrayInputStream(bytes), password);
      } catch (IOException e) {
        throw new IOException(file + " is not a valid test CA file (not PKCS#12)", e);
      }
      return new Roots(
          root(store, AUTHENTICATION_ALIAS, Purpose.LOGIN, file),
          root(store, SIGNATURE_ALIAS, Purpose.IDENTITY, file));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " is not a valid test CA file: " + e.getMessage(), e);
    }
  }

  private static TestRoot root(KeyStore store, String alias, Purpose purpose, Path file)
      throws GeneralSecurityException, IOException {
    KeyStore.Entry entry =
        store.getEntry(alias, new KeyStore.PasswordProtection(STORE_PASSWORD.toCharArray()));
    if (!(entry instanceof KeyStore.PrivateKeyEntry key)
        || !(key.getCertificate() instanceof X509Certificate certificate)) {
      throw new IOException(file + " has no " + alias + " key and certificate");
    }
    return new TestRoot(
        purpose, 0, certificate, new KeyPair(certificate.getPublicKey(), key.getPrivateKey()));
  }
}
