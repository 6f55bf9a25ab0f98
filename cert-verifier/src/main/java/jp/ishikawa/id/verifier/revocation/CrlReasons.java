package jp.ishikawa.id.verifier.revocation;

/**
 * The names of RFC 5280 §5.3.1 CRLReason codes, as {@code RevocationStatus#revocationReason()}
 * reports them for both CRL and OCSP answers.
 */
final class CrlReasons {

  private CrlReasons() {}

  /** The name of {@code code}, e.g. {@code keyCompromise}; {@code reason N} for an unknown one. */
  static String name(int code) {
    return switch (code) {
      case 0 -> "unspecified";
      case 1 -> "keyCompromise";
      case 2 -> "cACompromise";
      case 3 -> "affiliationChanged";
      case 4 -> "superseded";
      case 5 -> "cessationOfOperation";
      case 6 -> "certificateHold";
      case 8 -> "removeFromCRL";
      case 9 -> "privilegeWithdrawn";
      case 10 -> "aACompromise";
      default -> "reason " + code;
    };
  }
}
