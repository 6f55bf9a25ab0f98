package jp.ishikawa.id.cardclient.protocol;

/**
 * Why the client itself stopped a transaction, with a stable code and the resident's sentence
 * (Japanese, then English). The server's own error codes are in {@link ServerErrors}.
 */
public enum ProtocolError {
  INVALID_URL(
      "invalid_url",
      "この読み取り用のURLは使えません。QRコードを読み直してください。",
      "This is not a valid transaction URL. Scan the QR code again."),
  INSECURE_URL(
      "insecure_url",
      "安全な接続（https）ではないため中止しました。",
      "Stopped: the URL does not use a secure (https) connection."),
  ORIGIN_MISMATCH(
      "origin_mismatch",
      "サーバーが別の接続先へ転送しようとしたため中止しました。カードには何も送っていません。",
      "Stopped: the server tried to send the client to another address. Nothing was sent to the"
          + " card."),
  TXN_MISMATCH(
      "txn_mismatch",
      "サーバーの応答が読み取ったQRコードと一致しないため中止しました。カードには何も送っていません。",
      "Stopped: the server's answer does not match the code that was scanned. Nothing was sent to"
          + " the card."),
  PURPOSE_MISMATCH(
      "purpose_mismatch",
      "手続きの種類（ログインか本人確認か）が合わないため中止しました。カードには何も送っていません。",
      "Stopped: the kind of transaction (login or identity) does not match. Nothing was sent to"
          + " the card."),
  INVALID_CODE(
      "invalid_code",
      "確認番号は、パソコンの画面に表示された数字2桁です。",
      "The confirmation code is the 2 digits shown on the screen."),
  NETWORK(
      "network",
      "サーバーに接続できませんでした。ネットワークを確かめて、やり直してください。",
      "Could not reach the server. Check the network and try again."),
  BAD_RESPONSE("bad_response", "サーバーの応答を読み取れませんでした。", "The server's answer could not be read."),
  CANCELLED("cancelled", "中止しました。", "Cancelled.");

  private final String code;
  private final String japanese;
  private final String english;

  ProtocolError(String code, String japanese, String english) {
    this.code = code;
    this.japanese = japanese;
    this.english = english;
  }

  public String code() {
    return code;
  }

  /** Japanese, then English. */
  public String residentMessage() {
    return japanese + " / " + english;
  }
}
