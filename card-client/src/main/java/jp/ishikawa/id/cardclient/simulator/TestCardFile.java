package jp.ishikawa.id.cardclient.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * A simulated card on disk: one PKCS#12 file protected by the fixed, test-only password {@value
 * #STORE_PASSWORD}, and its retry counters next to it in {@code <file>.state}, so that a lock-out
 * survives a restart like on a real card.
 *
 * <p>The PKCS#12 holds:
 *
 * <ul>
 *   <li>{@code authentication}: the authentication key with the chain [certificate, CA certificate]
 *   <li>{@code signature} (optional): the signature key with [certificate, CA certificate]
 *   <li>{@code card-info}: a secret-key entry whose bytes are UTF-8 {@code key=value} lines: {@code
 *       format=ishikawa-id-test-card-1}, {@code test-card=true}, {@code pin}, {@code password}
 *       (when there is a signature key) and {@code token-label}
 * </ul>
 *
 * <p>The state file holds {@code authentication-tries-left=N} and {@code signature-tries-left=N};
 * it is written atomically, and a missing one means a new card. A file without {@code
 * test-card=true} is refused: this format is for test cards only.
 */
public final class TestCardFile {

  /** The PKCS#12 password of every test card file. Test material only. */
  public static final String STORE_PASSWORD = "jpki-test-card";

  static final String AUTHENTICATION_ALIAS = "authentication";
  static final String SIGNATURE_ALIAS = "signature";
  static final String INFO_ALIAS = "card-info";
  static final String FORMAT = "ishikawa-id-test-card-1";
  private static final long MAX_FILE_SIZE = 1 << 20;

  private TestCardFile() {}

  /** Writes {@code contents} to {@code file} (replacing it) and resets its counters to full. */
  public static void write(Path file, CardContents contents) throws IOException {
    char[] password = STORE_PASSWORD.toCharArray();
    byte[] encoded;
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
      store.setEntry(
          AUTHENTICATION_ALIAS,
          new KeyStore.PrivateKeyEntry(
              contents.authenticationKey(),
              new Certificate[] {
                contents.authenticationCertificate(), contents.authenticationCa()
              }),
          protection);
      if (contents.hasSignature()) {
        store.setEntry(
            SIGNATURE_ALIAS,
            new KeyStore.PrivateKeyEntry(
                contents.signatureKey(),
                new Certificate[] {contents.signatureCertificate(), contents.signatureCa()}),
            protection);
      }
      store.setEntry(
          INFO_ALIAS,
          new KeyStore.SecretKeyEntry(new SecretKeySpec(info(contents), "HmacSHA256")),
          protection);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      encoded = out.toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IOException("the test card could not be encoded as PKCS#12", e);
    }
    writeAtomically(file, encoded);
    writeState(file, TriesLeft.full());
  }

  /**
   * Reads a test card file.
   *
   * @throws IOException if the file is missing, too large, not a PKCS#12 of this format, or not
   *     marked as a test card
   */
  public static CardContents read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no test card file at " + file);
    }
    if (Files.size(file) > MAX_FILE_SIZE) {
      throw new IOException(file + " is too large to be a test card file");
    }
    char[] password = STORE_PASSWORD.toCharArray();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      byte[] bytes = Files.readAllBytes(file);
      try {
        store.load(new ByteArrayInputStream(bytes), password);
      } catch (IOException e) {
        throw new IOException(file + " is not a valid test card file (not PKCS#12)", e);
      }
      KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
      Map<String, String> info = parseInfo(store.getEntry(INFO_ALIAS, protection), file);
      if (!FORMAT.equals(info.get("format")) || !"true".equals(info.get("test-card"))) {
        throw new IOException(file + " is not a test card file of format " + FORMAT);
      }
      KeyStore.PrivateKeyEntry authentication = keyEntry(store, AUTHENTICATION_ALIAS, file);
      KeyStore.PrivateKeyEntry signature =
          store.containsAlias(SIGNATURE_ALIAS) ? keyEntry(store, SIGNATURE_ALIAS, file) : null;
      String pin = info.get("pin");
      String cardPassword = signature != null ? info.get("password") : null;
      if (pin == null || (signature != null && cardPassword == null)) {
        throw new IOException(file + ": " + INFO_ALIAS + " lacks the PIN or the password");
      }
      return new CardContents(
          (X509Certificate) authentication.getCertificateChain()[0],
          authentication.getPrivateKey(),
          (X509Certificate) authentication.getCertificateChain()[1],
          signature != null ? (X509Certificate) signature.getCertificateChain()[0] : null,
          signature != null ? signature.getPrivateKey() : null,
          signature != null ? (X509Certificate) signature.getCertificateChain()[1] : null,
          pin,
          cardPassword,
          info.getOrDefault("token-label", CardContents.TEST_TOKEN_LABEL));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " is not a valid test card file: " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code file} as a simulated card whose counters start from, and are written back to,
   * {@link #statePath(Path)}.
   */
  public static SimulatedCard open(Path file) throws IOException {
    CardContents contents = read(file);
    TriesLeft initial = readState(file);
    return SimulatedCard.of(
        contents,
        initial,
        tries -> {
          try {
            writeState(file, tries);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** {@code <file>.state}. */
  public static Path statePath(Path file) {
    return file.resolveSibling(file.getFileName() + ".state");
  }

  /** The counters stored next to {@code file}; full ones when there is no state file yet. */
  public static TriesLeft readState(Path file) throws IOException {
    Path state = statePath(file);
    if (!Files.exists(state)) {
      return TriesLeft.full();
    }
    Map<String, String> values = parseLines(Files.readString(state, StandardCharsets.UTF_8));
    try {
      return new TriesLeft(
          Integer.parseInt(values.get("authentication-tries-left")),
          Integer.parseInt(values.get("signature-tries-left")));
    } catch (IllegalArgumentException e) {
      throw new IOException(state + " is not a valid test card state file", e);
    }
  }

  /** Writes the counters next to {@code file}, atomically. */
  public static void writeState(Path file, TriesLeft tries) throws IOException {
    String text =
        "authentication-tries-left="
            + tries.authentication()
            + "\nsignature-tries-left="
            + tries.signature()
            + "\n";
    writeAtomically(statePath(file), text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] info(CardContents contents) {
    StringBuilder text = new StringBuilder();
    text.append("format=").append(FORMAT).append('\n');
    text.append("test-card=true\n");
    text.append("pin=").append(contents.pin()).append('\n');
    if (contents.password() != null) {
      text.append("password=").append(contents.password()).append('\n');
    }
    text.append("token-label=").append(contents.tokenLabel()).append('\n');
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> parseInfo(KeyStore.Entry entry, Path file) throws IOException {
    if (!(entry instanceof KeyStore.SecretKeyEntry secret)) {
      throw new IOException(file + " has no " + INFO_ALIAS + " entry: not a test card file");
    }
    return parseLines(new String(secret.getSecretKey().getEncoded(), StandardCharsets.UTF_8));
  }

  private static Map<String, String> parseLines(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
      }
    }
    return values;
  }

  private static KeyStore.PrivateKeyEntry keyEntry(KeyStore store, String alias, Path file)
      throws GeneralSecurityException, IOException {
    KeyStore.Entry entry =
        store.getEntry(alias, new KeyStore.PasswordProtection(STORE_PASSWORD.toCharArray()));
    if (!(entry instanceof KeyStore.PrivateKeyEntry key)
        || key.getCertificateChain().length != 2
        || !(key.getCertificateChain()[0] instanceof X509Certificate)
        || !(key.getCertificateChain()[1] instanceof X509Certificate)) {
      throw new IOException(
          file + ": entry " + alias + " is not a key with [certificate, CA certificate]");
    }
    return key;
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
