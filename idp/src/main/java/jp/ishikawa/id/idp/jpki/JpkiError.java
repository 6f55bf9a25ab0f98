package jp.ishikawa.id.idp.jpki;

import jp.ishikawa.id.verifier.model.Reason;
import org.springframework.http.HttpStatus;

/**
 * The card protocol's error codes ({@code {error, error_description}}): stable, documented in
 * docs/card-protocol.md, and each shown to the resident as a plain sentence (messages {@code
 * jpki.error.<code>}).
 */
public enum JpkiError {
  INVALID_REQUEST("invalid_request", HttpStatus.BAD_REQUEST),
  PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE),
  NOT_FOUND("not_found", HttpStatus.NOT_FOUND),
  EXPIRED("expired", HttpStatus.GONE),
  CONSUMED("consumed", HttpStatus.CONFLICT),
  WRONG_CODE("wrong_code", HttpStatus.BAD_REQUEST),
  BAD_SIGNATURE("bad_signature", HttpStatus.BAD_REQUEST),
  INVALID_CERTIFICATE("invalid_certificate", HttpStatus.BAD_REQUEST),
  UNTRUSTED_ISSUER("untrusted_issuer", HttpStatus.BAD_REQUEST),
  WRONG_PURPOSE("wrong_purpose", HttpStatus.BAD_REQUEST),
  CERTIFICATE_EXPIRED("certificate_expired", HttpStatus.BAD_REQUEST),
  CERTIFICATE_NOT_YET_VALID("certificate_not_yet_valid", HttpStatus.BAD_REQUEST),
  REVOKED("revoked", HttpStatus.FORBIDDEN),
  REVOCATION_UNAVAILABLE("revocation_unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  NO_BASIC_FACTS("no_basic_facts", HttpStatus.BAD_REQUEST),
  ACCOUNT_DEACTIVATED("account_deactivated", HttpStatus.FORBIDDEN),
  REGISTRATION_CONFLICT("registration_conflict", HttpStatus.CONFLICT),
  CARD_MISMATCH("card_mismatch", HttpStatus.BAD_REQUEST),
  RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS),
  SERVER_ERROR("server_error", HttpStatus.INTERNAL_SERVER_ERROR);

  private final String code;
  private final HttpStatus status;

  JpkiError(String code, HttpStatus status) {
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public HttpStatus status() {
    return status;
  }

  public static JpkiError fromCode(String code) {
    for (JpkiError error : values()) {
      if (error.code.equals(code)) {
        return error;
      }
    }
    return SERVER_ERROR;
  }

  /** The wire code for a verifier rejection. */
  public static JpkiError of(Reason reason) {
    return switch (reason) {
      case EMPTY_INPUT, CERTIFICATE_TOO_LARGE, MESSAGE_TOO_LARGE, SIGNATURE_TOO_LARGE ->
          INVALID_REQUEST;
      case NOT_DER, MALFORMED_CERTIFICATE, MORE_THAN_ONE_CERTIFICATE -> INVALID_CERTIFICATE;
      case WRONG_PURPOSE -> WRONG_PURPOSE;
      case TEST_ROOT_NOT_ALLOWED, UNTRUSTED_ISSUER, UNKNOWN_ROOT, BAD_CERTIFICATE_SIGNATURE ->
          UNTRUSTED_ISSUER;
      case CERTIFICATE_NOT_YET_VALID -> CERTIFICATE_NOT_YET_VALID;
      case CERTIFICATE_EXPIRED, ROOT_NOT_VALID -> CERTIFICATE_EXPIRED;
      case NOT_VERSION_3,
          UNSUPPORTED_CERTIFICATE_ALGORITHM,
          KEY_NOT_RSA_2048,
          BAD_PUBLIC_EXPONENT,
          CA_CERTIFICATE,
          KEY_USAGE,
          EXTENDED_KEY_USAGE,
          POLICY_NOT_ALLOWED,
          UNKNOWN_CRITICAL_EXTENSION ->
          INVALID_CERTIFICATE;
      case SIGNATURE_LENGTH, BAD_SIGNATURE -> BAD_SIGNATURE;
      case REVOKED -> REVOKED;
      case REVOCATION_UNKNOWN -> REVOCATION_UNAVAILABLE;
      case MISSING_BASIC_FACTS, MALFORMED_BASIC_FACTS -> NO_BASIC_FACTS;
    };
  }
}
