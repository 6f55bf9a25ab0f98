package jp.ishikawa.id.cardclient.protocol;

import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.card.PinStatus;

/**
 * What the client asks and tells the resident during a transaction, in this order: the service and
 * the IdP origin, the confirmation code, the tries left (before any PIN is asked), confirmation of
 * a last try, and the PIN or password. The CLI answers on the terminal; automation and tests answer
 * from fixed values ({@link #scripted}).
 */
public interface ResidentDialogue {

  /** Shows whom the resident is about to log in to: the service and the origin connected to. */
  void showTransaction(Transaction transaction, String origin);

  /** The 2-digit code shown in the browser, as the resident typed it; null to cancel. */
  String confirmationCode();

  /** Shows the tries left, before the PIN or password is asked. */
  void showPinStatus(PinStatus status);

  /** With one try left: whether the resident wants to use it. */
  boolean confirmLastTry(KeyRole role);

  /** The PIN or password; null to cancel. The caller wipes the returned array after use. */
  char[] pinOrPassword(KeyRole role);

  /**
   * Answers from fixed values, silently: for automation ({@code --code}, {@code --pin-stdin}) and
   * tests. Each call returns a fresh copy of {@code secret}, so the caller's array is never wiped.
   */
  static ResidentDialogue scripted(String code, char[] secret, boolean confirmLastTry) {
    char[] kept = secret.clone();
    return new ResidentDialogue() {
      @Override
      public void showTransaction(Transaction transaction, String origin) {}

      @Override
      public String confirmationCode() {
        return code;
      }

      @Override
      public void showPinStatus(PinStatus status) {}

      @Override
      public boolean confirmLastTry(KeyRole role) {
        return confirmLastTry;
      }

      @Override
      public char[] pinOrPassword(KeyRole role) {
        return kept.clone();
      }
    };
  }
}
