package jp.ishikawa.id.cardclient.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.card.CardAccessException;
import jp.ishikawa.id.cardclient.card.CardError;
import jp.ishikawa.id.cardclient.card.JpkiCard;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.card.PinStatus;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code inspect}: the certificates a card shows without a PIN (subject, issuer, validity), the
 * tries left of both secrets, and the token label. Costs no try. The signature certificate stays
 * unread: it needs the password, and it holds the resident's personal facts.
 */
final class InspectCommand {

  private final Terminal terminal;
  private final CardSource.ReaderAccess readers;

  InspectCommand(Terminal terminal, CardSource.ReaderAccess readers) {
    this.terminal = terminal;
    this.readers = readers;
  }

  /** What was read. */
  private record Report(
      String tokenLabel,
      X509Certificate authentication,
      X509Certificate authenticationCa,
      PinStatus pin,
      boolean hasSignature,
      X509Certificate signatureCa,
      PinStatus password,
      boolean testCard) {}

  int run(List<String> argv) throws UsageException, IOException {
    CliArguments args =
        CliArguments.parse(argv, Set.of("--reader", "--simulated"), Set.of("--json"));
    if (!args.positional().isEmpty()) {
      throw new UsageException("inspect takes no positional arguments");
    }
    CardSource.checkExclusive(args);
    boolean json = args.flag("--json");
    Report report;
    try (CardSource.Opened card = CardSource.open(args, readers)) {
      report = read(JpkiCard.select(card.channel()), card.simulated());
    } catch (ChannelException e) {
      return failed(CardAccessException.of(e), json);
    } catch (CardAccessException e) {
      return failed(e, json);
    }
    if (json) {
      printJson(report);
    } else {
      printText(report);
    }
    return CardClientCli.OK;
  }

  private static Report read(JpkiCard card, boolean simulated) throws CardAccessException {
    String label = card.tokenLabel();
    X509Certificate authentication = parse(card.certificate(KeyRole.AUTHENTICATION));
    X509Certificate authenticationCa = parse(card.caCertificate(KeyRole.AUTHENTICATION));
    PinStatus pin = card.pinStatus(KeyRole.AUTHENTICATION);
    boolean hasSignature = card.hasSignatureCertificate();
    X509Certificate signatureCa =
        hasSignature ? parse(card.caCertificate(KeyRole.SIGNATURE)) : null;
    PinStatus password = hasSignature ? card.pinStatus(KeyRole.SIGNATURE) : null;
    boolean test =
        simulated
            || label.contains("TEST")
            || JpkiNames.isTestName(authentication.getIssuerX500Principal());
    return new Report(
        label, authentication, authenticationCa, pin, hasSignature, signatureCa, password, test);
  }

  private void printText(Report report) {
    PrintStream out = terminal.out();
    if (report.testCard()) {
      out.println("*** TEST CARD / テスト用カード（本物のマイナンバーカードではありません / not a real card） ***");
    }
    out.println("トークンラベル / Token label: " + report.tokenLabel());
    out.println("利用者証明用電子証明書 / Authentication certificate:");
    describe(out, report.authentication());
    out.println("  カード上のCA証明書 / CA certificate on the card:");
    describe(out, report.authenticationCa());
    out.println("暗証番号の残り回数 / PIN tries left: " + tries(report.pin()));
    if (report.hasSignature()) {
      out.println(
          "署名用電子証明書 / Signature certificate: あり（パスワード入力後に読めます）"
              + " / present (readable after the signature password)");
      out.println("  カード上のCA証明書 / CA certificate on the card:");
      describe(out, report.signatureCa());
      out.println("署名用パスワードの残り回数 / Signature password tries left: " + tries(report.password()));
    } else {
      out.println("署名用電子証明書 / Signature certificate: なし / none");
    }
  }

  private static String tries(PinStatus status) {
    return status.blocked()
        ? "0（ロック中: 市区町村の窓口で初期化できます / locked: the municipal office can reset it）"
        : Integer.toString(status.triesLeft());
  }

  private static void describe(PrintStream out, X509Certificate certificate) {
    out.println("    subject:  " + certificate.getSubjectX500Principal());
    out.println("    issuer:   " + certificate.getIssuerX500Principal());
    out.println(
        "    serial:   " + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
    out.println(
        "    validity: "
            + certificate.getNotBefore().toInstant()
            + " → "
            + certificate.getNotAfter().toInstant());
  }

  private void printJson(Report report) {
    ObjectNode object = CardClientCli.JSON.createObjectNode();
    object.put("result", "inspected");
    object.put("test_card", report.testCard());
    object.put("token_label", report.tokenLabel());
    ObjectNode authentication = object.putObject("authentication");
    certificate(authentication.putObject("certificate"), report.authentication());
    certificate(authentication.putObject("ca_certificate"), report.authenticationCa());
    authentication.put("tries_left", report.pin().triesLeft());
    ObjectNode signature = object.putObject("signature");
    signature.put("present", report.hasSignature());
    if (report.hasSignature()) {
      certificate(signature.putObject("ca_certificate"), report.signatureCa());
      signature.put("tries_left", report.password().triesLeft());
    }
    CardClientCli.printJson(terminal.out(), object);
  }

  private static void certificate(ObjectNode node, X509Certificate certificate) {
    node.put("subject", certificate.getSubjectX500Principal().toString());
    node.put("issuer", certificate.getIssuerX500Principal().toString());
    node.put("serial", certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
    node.put("not_before", certificate.getNotBefore().toInstant().toString());
    node.put("not_after", certificate.getNotAfter().toInstant().toString());
  }

  private int failed(CardAccessException failure, boolean json) {
    if (json) {
      ObjectNode object = CardClientCli.JSON.createObjectNode();
      object.put("result", "failed");
      object.put("error", failure.code());
      object.put("message", failure.residentMessage());
      CardClientCli.printJson(terminal.out(), object);
    } else {
      terminal.err().println(failure.residentMessage());
      terminal
          .err()
          .println(
              "（理由 / reason: "
                  + failure.code()
                  + (failure.detail() != null ? ", " + failure.detail() : "")
                  + "）");
    }
    return CardClientCli.FAILED;
  }

  private static X509Certificate parse(byte[] der) throws CardAccessException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new CardAccessException(CardError.MALFORMED_CARD_DATA, null, -1, -1, e);
    }
  }
}
