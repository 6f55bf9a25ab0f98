package jp.ishikawa.id.verifier.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 fingerprints as upper-case hexadecimal, the form J-LIS and certificate viewers use. */
public final class Fingerprint {

  private Fingerprint() {}

  /** The SHA-256 of {@code der}, upper-case hexadecimal without separators. */
  public static String sha256(byte[] der) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Normalises a fingerprint as operators write it ({@code 4D:CF:…}, {@code 4dcf…}, with spaces) to
   * upper-case hexadecimal without separators.
   *
   * @throws IllegalArgumentException if it is not 64 hexadecimal digits
   */
  public static String normalise(String fingerprint) {
    String hex = fingerprint.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
    if (!hex.matches("[0-9A-F]{64}")) {
      throw new IllegalArgumentException(
          "a SHA-256 fingerprint is 64 hexadecimal digits, got " + hex.length() + " characters");
    }
    return hex;
  }
}
