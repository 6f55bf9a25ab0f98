package jp.ishikawa.id.verifier.revocation;

/** What the verifier does when no source can say whether a certificate is revoked. */
public enum RevocationPolicy {
  /** Reject: the default, and the only sensible choice for login. */
  FAIL_CLOSED,
  /**
   * Accept, with the unknown status recorded in the result for the caller's audit log. Only for an
   * explicit, documented deployment decision.
   */
  SOFT_FAIL
}
