package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;

/**
 * A CRL that is not well-formed DER of the RFC 5280 §5.1 structure (truncated, wrong tag, bad
 * length, trailing bytes, over the size cap). The message says what and where, for operators.
 */
final class CrlFormatException extends IOException {

  CrlFormatException(String message) {
    super(message);
  }
}
