package jp.ishikawa.id.verifier.input;

/**
 * Size caps on what a client may send. JPKI certificates are 1.2–2 KB and signatures 256 bytes;
 * anything far larger is an attack or a mistake, and is refused before any parsing.
 *
 * @param maxCertificateBytes largest DER certificate accepted
 * @param maxMessageBytes largest signed message accepted
 * @param maxSignatureBytes largest signature accepted (its exact length is checked later)
 */
public record InputLimits(int maxCertificateBytes, int maxMessageBytes, int maxSignatureBytes) {

  public static final InputLimits DEFAULT = new InputLimits(8 * 1024, 4 * 1024, 1024);

  public InputLimits {
    if (maxCertificateBytes < 1 || maxMessageBytes < 1 || maxSignatureBytes < 1) {
      throw new IllegalArgumentException("input limits must be positive");
    }
  }
}
