package jp.ishikawa.id.cardclient.card;

import jp.ishikawa.id.verifier.model.Purpose;

/**
 * The two keys of the JPKI application and what guards each (JPKI.md §1): the authentication key
 * behind a 4-digit PIN with 3 tries, the signature key behind a 6–16 character password with 5
 * tries. A wrong secret costs a try; the last wrong one locks the key until the municipal office
 * resets it.
 */
public enum KeyRole {
  AUTHENTICATION(
      Purpose.LOGIN,
      CardSlot.AUTHENTICATION_KEY,
      CardSlot.AUTHENTICATION_PIN,
      CardSlot.AUTHENTICATION_CERTIFICATE,
      CardSlot.AUTHENTICATION_CA_CERTIFICATE,
      3,
      "利用者証明用電子証明書の暗証番号（数字4桁）",
      "PIN (4 digits)"),
  SIGNATURE(
      Purpose.IDENTITY,
      CardSlot.SIGNATURE_KEY,
      CardSlot.SIGNATURE_PASSWORD,
      CardSlot.SIGNATURE_CERTIFICATE,
      CardSlot.SIGNATURE_CA_CERTIFICATE,
      5,
      "署名用電子証明書のパスワード（英大文字と数字6〜16文字）",
      "signature password (6-16 upper-case letters and digits)");

  private final Purpose purpose;
  private final CardSlot key;
  private final CardSlot secret;
  private final CardSlot certificate;
  private final CardSlot caCertificate;
  private final int maxTries;
  private final String secretNameJa;
  private final String secretNameEn;

  KeyRole(
      Purpose purpose,
      CardSlot key,
      CardSlot secret,
      CardSlot certificate,
      CardSlot caCertificate,
      int maxTries,
      String secretNameJa,
      String secretNameEn) {
    this.purpose = purpose;
    this.key = key;
    this.secret = secret;
    this.certificate = certificate;
    this.caCertificate = caCertificate;
    this.maxTries = maxTries;
    this.secretNameJa = secretNameJa;
    this.secretNameEn = secretNameEn;
  }

  /** The key a transaction purpose needs: {@code login} → authentication, else signature. */
  public static KeyRole of(Purpose purpose) {
    return purpose == Purpose.LOGIN ? AUTHENTICATION : SIGNATURE;
  }

  public Purpose purpose() {
    return purpose;
  }

  public CardSlot key() {
    return key;
  }

  /** The PIN or password file that VERIFY checks against. */
  public CardSlot secret() {
    return secret;
  }

  public CardSlot certificate() {
    return certificate;
  }

  public CardSlot caCertificate() {
    return caCertificate;
  }

  /** Tries a fresh (or just verified) secret has. */
  public int maxTries() {
    return maxTries;
  }

  /** What residents call this secret, in Japanese. */
  public String secretNameJa() {
    return secretNameJa;
  }

  /** What residents call this secret, in English. */
  public String secretNameEn() {
    return secretNameEn;
  }

  /**
   * Whether {@code secret} has the form the card accepts: 4 digits for the PIN, 6–16 upper-case
   * letters and digits for the password. Checked before anything is sent, so a typing slip never
   * costs a try.
   */
  public boolean acceptsForm(char[] secret) {
    if (this == AUTHENTICATION) {
      if (secret.length != 4) {
        return false;
      }
      for (char c : secret) {
        if (c < '0' || c > '9') {
          return false;
        }
      }
      return true;
    }
    if (secret.length < 6 || secret.length > 16) {
      return false;
    }
    for (char c : secret) {
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
