package jp.ishikawa.id.verifier.path;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The production J-LIS roots this project knows by fingerprint (JPKI.md §2), so that results and
 * the CLI can name a root's generation and operators can pin the roots they download. The trust
 * store itself is configuration: a new generation needs no release, only its fingerprint added to
 * the operator's pin list.
 */
public final class JpkiRoots {

  private JpkiRoots() {}

  /** Known production roots: SHA-256 fingerprint → J-LIS name. */
  public static final Map<String, String> KNOWN_FINGERPRINTS =
      Map.of(
          "4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D", "authca01",
          "64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5", "authca03",
          "19645405A1FE14377434BD55957628AC4038557C542403A2243F21C706FC9355", "signca01",
          "79679C33E4CC9319440F1AD120A597FF1844E2EF217063ADB176966FD5E6FBEB", "signca02",
          "D227F6CDE11D35C5252178F106F843D24651944975413B539FA2FB68DBFA365F", "signca03");

  /**
   * Subject key identifiers (upper-case hex) of the J-LIS roots → J-LIS name: how a card
   * certificate's AKI names its root generation. authca02's fingerprint is not public in our
   * sources, but its SKI is (JPKI.md §2); the others were read from the real roots.
   */
  public static final Map<String, String> KNOWN_KEY_IDENTIFIERS =
      Map.of(
          "9567951B5CA70D84A0FFF1D85A87F1AAB1340385", "authca01",
          "8CD5586A891485E559379B7E29D410CFD28B3593", "authca02",
          "1AC100F596A3BC8C4B3DF195E32699249E9E308A", "authca03",
          "0D034CBB34D0714F45E45A1CAFD8FD143FAB54A7", "signca01",
          "D21EA55895617E93ADBF966B941AB4EDF653F08F", "signca03");

  /** The fingerprints a production deployment pins by default. */
  public static Set<String> productionFingerprints() {
    return KNOWN_FINGERPRINTS.keySet();
  }

  /** The J-LIS name of a known root, by fingerprint or else by key identifier. */
  public static Optional<String> nameOf(String sha256Fingerprint, String keyIdentifierHex) {
    String byFingerprint = KNOWN_FINGERPRINTS.get(sha256Fingerprint);
    if (byFingerprint != null) {
      return Optional.of(byFingerprint);
    }
    return Optional.ofNullable(KNOWN_KEY_IDENTIFIERS.get(keyIdentifierHex));
  }
}
