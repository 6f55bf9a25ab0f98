package jp.ishikawa.id.verifier.cli;

import java.util.List;
import java.util.Optional;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.JpkiRoots;

/**
 * The J-LIS root generations {@code inspect} can name without any {@code --trust}: by the key
 * identifier in a certificate's authority key identifier (the roots' subject key identifiers: read
 * from the real roots in {@code jpki/real/} and, for authca02, from JPKI.md §2 via {@link
 * JpkiRoots#KNOWN_KEY_IDENTIFIERS}), or else by the root serial number the AKI also carries
 * (JPKI.md §2's table). Naming is a display aid only: it proves nothing, and {@code verify} never
 * uses it.
 */
final class KnownRoots {

  private KnownRoots() {}

  /** A J-LIS root generation. */
  record Generation(String name, Purpose purpose, String serialHex) {}

  private static final List<Generation> GENERATIONS =
      List.of(
          new Generation("authca01", Purpose.LOGIN, "1"),
          new Generation("authca02", Purpose.LOGIN, "133C349"),
          new Generation("authca03", Purpose.LOGIN, "6D18006"),
          new Generation("signca01", Purpose.IDENTITY, "1"),
          new Generation("signca02", Purpose.IDENTITY, "132C4AB"),
          new Generation("signca03", Purpose.IDENTITY, "67C6A21"));

  /** The J-LIS name of the root with subject key identifier {@code keyIdentifierHex}. */
  static Optional<String> byKeyIdentifier(String keyIdentifierHex) {
    return Optional.ofNullable(JpkiRoots.KNOWN_KEY_IDENTIFIERS.get(keyIdentifierHex));
  }

  /**
   * The J-LIS name of the {@code purpose} root with serial {@code serialHex} (no leading zeros).
   */
  static Optional<String> bySerial(Purpose purpose, String serialHex) {
    return GENERATIONS.stream()
        .filter(g -> g.purpose() == purpose && g.serialHex().equals(serialHex))
        .map(Generation::name)
        .findFirst();
  }
}
