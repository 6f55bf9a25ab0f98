package jp.ishikawa.id.idp.logout;

/** Why a service is told that a resident logged out (kept in the outbox and the audit trail). */
public enum LogoutReason {
  /** RP-initiated logout at the end-session endpoint. */
  RP_INITIATED("rp_initiated"),
  /** The resident signed out at the IdP ({@code /logout}). */
  SESSION_SIGN_OUT("session_sign_out"),
  /** The resident withdrew their consent to the service. */
  CONSENT_WITHDRAWN("consent_withdrawn"),
  /** The resident's account was deactivated. */
  ACCOUNT_DEACTIVATED("account_deactivated");

  private final String code;

  LogoutReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
