package jp.ishikawa.id.idp.passkey;

/**
 * Why a passkey login or registration was refused: a stable code for the audit trail and the
 * browser (which shows the resident a sentence for it, {@code passkey.error.<code>}).
 */
public enum PasskeyError {
  /** The assertion is not JSON a WebAuthn client sends, or its authenticator data is truncated. */
  MALFORMED("malformed"),
  /**
   * No challenge of this browser session is waiting: the assertion was already used (a replay), or
   * no login was started.
   */
  NO_CHALLENGE("no_challenge"),
  /** The client data's challenge is not the one this IdP issued. */
  BAD_CHALLENGE("bad_challenge"),
  /** The client data's origin is not the IdP's (a phishing site, or a misconfigured proxy). */
  BAD_ORIGIN("bad_origin"),
  /** The authenticator data's RP ID hash is not the IdP's host. */
  BAD_RP_ID("bad_rp_id"),
  /** The signature does not verify with the registered public key. */
  BAD_SIGNATURE("bad_signature"),
  /** The signature counter did not go up: the authenticator may have been cloned. */
  COUNTER_REGRESSED("counter_regressed"),
  /** No passkey with this credential id is registered (removed, or never registered here). */
  UNKNOWN_CREDENTIAL("unknown_credential"),
  /** The assertion's user handle is not the one the credential was registered for. */
  USER_HANDLE_MISMATCH("user_handle_mismatch"),
  /** Another WebAuthn verification failure (user presence, flags, algorithm). */
  ASSERTION_REFUSED("assertion_refused"),
  /** The passkey's resident is deactivated. */
  ACCOUNT_DEACTIVATED("account_deactivated"),
  /** Registration without a card login younger than the registration window. */
  CARD_LOGIN_REQUIRED("card_login_required"),
  /** Registration past the number of passkeys a resident may have. */
  TOO_MANY_PASSKEYS("too_many_passkeys");

  private final String code;

  PasskeyError(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
