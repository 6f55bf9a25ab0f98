package jp.ishikawa.id.verifier.model;

/**
 * Why a certificate or signature was rejected. The codes are stable: the IdP maps them to wire
 * error codes and residents' sentences, operators search audit logs for them. Add codes, never
 * rename them.
 */
public enum Reason {
  // 1. input limits
  EMPTY_INPUT("empty_input", Step.INPUT),
  CERTIFICATE_TOO_LARGE("certificate_too_large", Step.INPUT),
  NOT_DER("not_der", Step.INPUT),
  MALFORMED_CERTIFICATE("malformed_certificate", Step.INPUT),
  MORE_THAN_ONE_CERTIFICATE("more_than_one_certificate", Step.INPUT),
  MESSAGE_TOO_LARGE("message_too_large", Step.INPUT),
  SIGNATURE_TOO_LARGE("signature_too_large", Step.INPUT),

  // 2. issuer family
  WRONG_PURPOSE("wrong_purpose", Step.ISSUER),
  TEST_ROOT_NOT_ALLOWED("test_root_not_allowed", Step.ISSUER),
  UNTRUSTED_ISSUER("untrusted_issuer", Step.ISSUER),

  // 3. path to a pinned root
  UNKNOWN_ROOT("unknown_root", Step.PATH),
  BAD_CERTIFICATE_SIGNATURE("bad_certificate_signature", Step.PATH),

  // 4. time
  CERTIFICATE_NOT_YET_VALID("certificate_not_yet_valid", Step.TIME),
  CERTIFICATE_EXPIRED("certificate_expired", Step.TIME),
  ROOT_NOT_VALID("root_not_valid", Step.TIME),

  // 5. profile
  NOT_VERSION_3("not_version_3", Step.PROFILE),
  UNSUPPORTED_CERTIFICATE_ALGORITHM("unsupported_certificate_algorithm", Step.PROFILE),
  KEY_NOT_RSA_2048("key_not_rsa_2048", Step.PROFILE),
  BAD_PUBLIC_EXPONENT("bad_public_exponent", Step.PROFILE),
  CA_CERTIFICATE("ca_certificate", Step.PROFILE),
  KEY_USAGE("key_usage", Step.PROFILE),
  EXTENDED_KEY_USAGE("extended_key_usage", Step.PROFILE),
  POLICY_NOT_ALLOWED("policy_not_allowed", Step.PROFILE),
  UNKNOWN_CRITICAL_EXTENSION("unknown_critical_extension", Step.PROFILE),

  // 6. proof of possession
  SIGNATURE_LENGTH("signature_length", Step.SIGNATURE),
  BAD_SIGNATURE("bad_signature", Step.SIGNATURE),

  // 7. revocation
  REVOKED("revoked", Step.REVOCATION),
  REVOCATION_UNKNOWN("revocation_unknown", Step.REVOCATION),

  // 8. identity extraction
  MISSING_BASIC_FACTS("missing_basic_facts", Step.IDENTITY),
  MALFORMED_BASIC_FACTS("malformed_basic_facts", Step.IDENTITY);

  private final String code;
  private final Step step;

  Reason(String code, Step step) {
    this.code = code;
    this.step = step;
  }

  /** The stable snake_case code. */
  public String code() {
    return code;
  }

  /** The pipeline step that can produce this reason. */
  public Step step() {
    return step;
  }
}
