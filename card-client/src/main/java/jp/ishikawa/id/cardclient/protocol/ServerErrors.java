package jp.ishikawa.id.cardclient.protocol;

import java.util.Map;
import java.util.Set;

/**
 * The resident's sentence for each stable error code of the IdP ({@code {error,
 * error_description}}, ARCHITECTURE.md): Japanese first, then English. An unknown code gets a
 * general sentence with the code, so a newer server never leaves the resident without words. The
 * server's own description is shown only as detail: the client speaks to the resident in its own
 * words.
 */
public final class ServerErrors {

  private static final Map<String, String> SENTENCES =
      Map.ofEntries(
          Map.entry(
              "expired",
              "この手続きは期限切れです。パソコンの画面でやり直してください。"
                  + " / This login has expired. Start again on the screen."),
          Map.entry(
              "consumed",
              "この手続きはすでに使われています。パソコンの画面でやり直してください。"
                  + " / This login has already been used. Start again on the screen."),
          Map.entry(
              "bad_signature",
              "カードの署名を確かめられませんでした。パソコンの画面でやり直してください。"
                  + " / The card's signature could not be verified. Start again on the screen."),
          Map.entry(
              "untrusted_issuer",
              "このカードの電子証明書は使えません。マイナンバーカードをお使いください。"
                  + " / This card's certificate is not accepted. Please use a My Number card."),
          Map.entry(
              "revoked",
              "このカードの電子証明書は失効しています。お住まいの市区町村の窓口にお問い合わせください。"
                  + " / This card's certificate has been revoked. Please ask your municipal office."),
          Map.entry(
              "wrong_purpose",
              "ログインと本人確認で使う電子証明書を取り違えています。パソコンの画面でやり直してください。"
                  + " / The wrong certificate was used for this step. Start again on the screen."),
          Map.entry(
              "wrong_code",
              "確認番号が違います。パソコンの画面でやり直し、表示された2桁の番号を入力してください。"
                  + " / The confirmation code is wrong. Start again on the screen and type the"
                  + " 2 digits it shows."),
          Map.entry(
              "not_found",
              "この手続きは見つかりません。パソコンの画面でやり直してください。"
                  + " / This login was not found. Start again on the screen."),
          Map.entry(
              "certificate_expired",
              "カードの電子証明書の有効期限が切れています。お住まいの市区町村の窓口で更新してください。"
                  + " / The card's certificate has expired. Renew it at your municipal office."),
          Map.entry(
              "certificate_not_yet_valid",
              "カードの電子証明書はまだ有効になっていません。パソコンの日時もお確かめください。"
                  + " / The card's certificate is not valid yet. Please also check the computer's"
                  + " date and time."),
          Map.entry(
              "revocation_unavailable",
              "電子証明書の失効確認ができませんでした。しばらくしてからやり直してください。"
                  + " / The certificate's status could not be checked. Please try again later."),
          Map.entry(
              "invalid_request",
              "送信内容を受け付けてもらえませんでした。パソコンの画面でやり直してください。"
                  + " / The server did not accept the request. Start again on the screen."),
          Map.entry(
              "payload_too_large",
              "送信内容が大きすぎました。パソコンの画面でやり直してください。"
                  + " / The request was too large. Start again on the screen."),
          Map.entry(
              "invalid_certificate",
              "このカードの電子証明書は使えません。" + " / This card's certificate cannot be used."),
          Map.entry(
              "no_basic_facts",
              "署名用電子証明書から氏名などを読み取れませんでした。"
                  + " / The name and details could not be read from the signature certificate."),
          Map.entry(
              "account_deactivated",
              "このカードのアカウントは停止されています。" + " / The account of this card is deactivated."),
          Map.entry(
              "registration_conflict",
              "登録内容が、ほかのアカウントと重なっています。お問い合わせ窓口にご連絡ください。"
                  + " / This registration overlaps with another account. Please contact the help"
                  + " desk."),
          Map.entry(
              "card_mismatch",
              "ログインに使ったカードと違うカードが読み取られました。同じカードでやり直してください。"
                  + " / A different card was read than the one used to log in. Start again with"
                  + " the same card."),
          Map.entry(
              "server_error",
              "問題が起きました。しばらくしてからやり直してください。"
                  + " / There was a problem. Please wait a moment and try again."),
          Map.entry(
              "rate_limited",
              "試行が多すぎます。しばらくしてからやり直してください。"
                  + " / Too many attempts. Please wait a while and try again."));

  private ServerErrors() {}

  /** The sentence for {@code code}, or the general one naming the code. */
  public static String residentMessage(String code) {
    String sentence = SENTENCES.get(code);
    if (sentence != null) {
      return sentence;
    }
    return "ログインできませんでした（"
        + code
        + "）。パソコンの画面でやり直してください。 / The login failed ("
        + code
        + "). Start again on the screen.";
  }

  public static boolean isKnown(String code) {
    return SENTENCES.containsKey(code);
  }

  public static Set<String> knownCodes() {
    return SENTENCES.keySet();
  }
}
