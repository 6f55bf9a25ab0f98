package jp.ishikawa.id.verifier.cli;

import java.util.List;
import java.util.Map;
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

  /** Subject key identifiers of the real roots (upper-case hex) → J-LIS name. */
  private static final Map<String, String> KEY_IDENTIFIERS =
      Map.of(
          "9567951B5CA70D84A0FFF1D85A87F1AAB1340385", "authca01",
          "1AC100F596A3BC8C4B3DF195E32699249E9E308A", "authca03",
          "0D034CBB34D0714F45E45A1CAFD8FD143FAB54A7", "signca01",
          "D21EA55895617E93ADBF966B941AB4EDF653F08F", "signca03");

  /** The J-LIS name of the root with subject key identifier {@code keyIdentifierHex}. */
  static Optional<String> byKeyIdentifier(String keyIdentifierHex) {
    String known = KEY_IDENTIFIERS.get(keyIdentifierHex);
    if (known != null) {
      return Optional.of(known);
    }
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
