package jp.ishikawa.id.idp.jpki;

import jp.ishikawa.id.verifier.model.Purpose;

/** Why the browser asked for a card transaction; decides what a good card response does. */
public enum TransactionIntent {
  /** Log in with the authentication key. */
  LOGIN(Purpose.LOGIN),
  /** Register (or renew) after a login with an unknown card: prove the basic facts. */
  REGISTER(Purpose.IDENTITY),
  /** A logged-in resident re-proves their basic facts (e.g. after moving house). */
  UPDATE_FACTS(Purpose.IDENTITY);

  private final Purpose purpose;

  TransactionIntent(Purpose purpose) {
    this.purpose = purpose;
  }

  public Purpose purpose() {
    return purpose;
  }
}
