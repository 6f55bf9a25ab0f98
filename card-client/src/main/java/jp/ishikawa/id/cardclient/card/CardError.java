package jp.ishikawa.id.cardclient.card;

import jp.ishikawa.id.cardclient.apdu.StatusWord;

/**
 * Why a card operation failed, with a stable code (for {@code --json}, logs and tests) and the
 * sentence a resident reads: Japanese first, then English. Add codes, never rename them.
 */
public enum CardError {
  /** {@code 63 Cx}: a wrong PIN or password; x tries left. */
  WRONG_PIN(
      "wrong_pin", "{secret_ja}が違います。残り{tries}回です。", "Wrong {secret_en}: {tries} {tries_en} left."),

  /** {@code 69 83}, {@code 69 84} or a last wrong try: the key is locked. */
  PIN_BLOCKED(
      "pin_blocked",
      "{secret_ja}がロックされています。お住まいの市区町村の窓口で初期化できます。",
      "The {secret_en} is locked: the municipal office can reset it."),

  /** One try is left and the resident did not confirm using it. */
  LAST_TRY_NOT_CONFIRMED(
      "last_try_not_confirmed",
      "{secret_ja}の残りは1回です。間違えるとロックされるため、送信しませんでした。確かめてからやり直してください。",
      "Only one try of the {secret_en} is left and a wrong one locks the card, so nothing was"
          + " sent. Make sure of it and try again."),

  /** The PIN or password does not have the form the card accepts; nothing was sent. */
  INVALID_PIN_FORM(
      "invalid_pin_form",
      "{secret_ja}の形が正しくありません。カードには送信していません。",
      "That is not a valid {secret_en}; nothing was sent to the card."),

  /** {@code 6A 82} on a signature file: face-authentication and under-15 cards have none. */
  NO_SIGNATURE_CERTIFICATE(
      "no_signature_certificate",
      "このカードには署名用電子証明書が入っていません（顔認証マイナンバーカードや15歳未満の方のカードなど）。",
      "This card has no signature certificate (face-authentication cards and the cards of"
          + " under-15s have none)."),

  /** {@code 6A 82} on SELECT of the JPKI application. */
  NOT_JPKI_CARD(
      "not_jpki_card",
      "マイナンバーカードの電子証明書が見つかりません。マイナンバーカードをリーダーに置いてください。",
      "No My Number card certificates found: put a My Number card on the reader."),

  /** {@code 6A 82} on another file the client needs. */
  FILE_NOT_FOUND(
      "file_not_found",
      "カードに必要な情報が見つかりません（{sw}）。",
      "The card lacks a file the client needs ({sw})."),

  /** {@code 67 00}. */
  WRONG_LENGTH(
      "wrong_length",
      "カードが命令の長さを受け付けませんでした（{sw}）。",
      "The card refused the length of a command ({sw})."),

  /** {@code 69 82}: sign or read before a successful VERIFY. */
  SECURITY_STATUS_NOT_SATISFIED(
      "security_status_not_satisfied",
      "暗証番号の確認が済んでいないため、カードが処理を断りました。",
      "The card refused because the PIN has not been verified."),

  /** {@code 6D 00} or {@code 6E 00}. */
  NOT_SUPPORTED(
      "not_supported",
      "このカードはこの操作に対応していません（{sw}）。",
      "This card does not support the operation ({sw})."),

  /** Any other status word. */
  CARD_ERROR("card_error", "カードがエラーを返しました（{sw}）。", "The card returned an error ({sw})."),

  /** The card's data (a certificate header, a signature) is not what JPKI defines. */
  MALFORMED_CARD_DATA(
      "malformed_card_data",
      "カードから読み取ったデータが正しくありません。",
      "The data read from the card is malformed."),

  /** The card left the reader, or no card is on it. */
  CARD_REMOVED(
      "card_removed",
      "カードが読み取れません。カードをリーダーにしっかり置いて、やり直してください。",
      "The card cannot be read. Put it firmly on the reader and try again."),

  /** No reader, no such reader, or no PC/SC service. */
  NO_READER(
      "no_reader",
      "カードリーダーが見つかりません。リーダーの接続とPC/SCサービス（pcscd）を確かめてください。",
      "No card reader found. Check that the reader is connected and the PC/SC service (pcscd)"
          + " is running."),

  /** Any other transport failure. */
  READER_ERROR(
      "reader_error",
      "カードリーダーとの通信に失敗しました。やり直してください。",
      "Communication with the card reader failed. Please try again.");

  private final String code;
  private final String japanese;
  private final String english;

  CardError(String code, String japanese, String english) {
    this.code = code;
    this.japanese = japanese;
    this.english = english;
  }

  /** The stable snake_case code. */
  public String code() {
    return code;
  }

  /**
   * The resident's sentence, Japanese then English.
   *
   * @param role whose secret the sentence is about, or null
   * @param triesLeft tries left, or -1
   * @param sw the card's status word, or -1
   */
  public String residentMessage(KeyRole role, int triesLeft, int sw) {
    return fill(japanese, role, triesLeft, sw) + " / " + fill(english, role, triesLeft, sw);
  }

  private static String fill(String template, KeyRole role, int triesLeft, int sw) {
    KeyRole named = role != null ? role : KeyRole.AUTHENTICATION;
    return template
        .replace("{secret_ja}", named.secretNameJa())
        .replace("{secret_en}", named.secretNameEn())
        .replace("{tries_en}", triesLeft == 1 ? "try" : "tries")
        .replace("{tries}", triesLeft >= 0 ? Integer.toString(triesLeft) : "?")
        .replace("{sw}", sw >= 0 ? "SW " + StatusWord.hex(sw) : "SW ?");
  }
}
