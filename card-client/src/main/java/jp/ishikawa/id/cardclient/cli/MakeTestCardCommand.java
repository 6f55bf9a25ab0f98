package jp.ishikawa.id.cardclient.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.simulator.EraBirthDate;
import jp.ishikawa.id.cardclient.simulator.TestCaFile;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code make-test-card}: issues a simulated card from the test PKI (or the CA of {@code --ca}) and
 * prints its PIN and password. Printing them is the point of a test card; a real card's PIN is
 * never printed anywhere.
 */
final class MakeTestCardCommand {

  private static final Set<String> VALUES =
      Set.of("--out", "--name", "--birth", "--address", "--gender", "--ca", "--pin", "--password");
  private static final Set<String> FLAGS = Set.of("--with-signature-cert", "--force", "--json");
  private static final Set<String> GENDER_CODES = Set.of("0", "1", "2", "9");

  private final Terminal terminal;

  MakeTestCardCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  int run(List<String> argv) throws UsageException, IOException {
    CliArguments args = CliArguments.parse(argv, VALUES, FLAGS);
    if (!args.positional().isEmpty()) {
      throw new UsageException("make-test-card takes no positional arguments");
    }
    String outValue = args.value("--out");
    if (outValue == null) {
      throw new UsageException("make-test-card needs --out <card.p12>");
    }
    Path out = Path.of(outValue);
    boolean signature = args.flag("--with-signature-cert");
    for (String option : List.of("--name", "--birth", "--address", "--gender", "--password")) {
      if (args.value(option) != null && !signature) {
        throw new UsageException(option + " needs --with-signature-cert");
      }
    }
    String pin = args.value("--pin");
    if (pin != null && !KeyRole.AUTHENTICATION.acceptsForm(pin.toCharArray())) {
      throw new UsageException("--pin is 4 digits");
    }
    String password = args.value("--password");
    if (password != null && !KeyRole.SIGNATURE.acceptsForm(password.toCharArray())) {
      throw new UsageException("--password is 6-16 upper-case letters and digits");
    }
    TestFacts facts = signature ? facts(args) : null;
    if (Files.exists(out) && !args.flag("--force")) {
      throw new UsageException(out + " exists; give --force to replace it (and its counters)");
    }
    String ca = args.value("--ca");
    TestCards.Credentials credentials;
    TestRoot authenticationRoot;
    if (ca != null) {
      TestCaFile.Roots roots = TestCaFile.read(Path.of(ca));
      authenticationRoot = roots.authentication();
      credentials =
          TestCards.write(
              out, authenticationRoot, signature ? roots.signature() : null, facts, pin, password);
    } else {
      TestPki pki =
          TestPki.create(TestPki.options().generations(List.of(LocalDate.of(2023, 7, 16))));
      authenticationRoot = pki.newestRoot(Purpose.LOGIN);
      credentials =
          TestCards.write(
              out,
              pki,
              authenticationRoot,
              signature ? pki.newestRoot(Purpose.IDENTITY) : null,
              facts,
              pin,
              password);
    }
    report(args.flag("--json"), out, credentials, authenticationRoot, ca != null);
    return CardClientCli.OK;
  }

  private static TestFacts facts(CliArguments args) throws UsageException {
    TestFacts facts = TestFacts.defaults();
    if (args.value("--name") != null) {
      facts = facts.withName(nonBlank(args.value("--name"), "--name"));
    }
    if (args.value("--address") != null) {
      facts = facts.withAddress(nonBlank(args.value("--address"), "--address"));
    }
    if (args.value("--birth") != null) {
      try {
        facts = facts.withBirthDate(EraBirthDate.certificateForm(args.value("--birth")));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--birth: " + e.getMessage());
      }
    }
    if (args.value("--gender") != null) {
      if (!GENDER_CODES.contains(args.value("--gender"))) {
        throw new UsageException("--gender is 1 (male), 2 (female), 0 (unknown) or 9 (n/a)");
      }
      facts = facts.withGenderCode(args.value("--gender"));
    }
    return facts;
  }

  private static String nonBlank(String value, String option) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException(option + " must not be empty");
    }
    return value;
  }

  private void report(
      boolean json,
      Path out,
      TestCards.Credentials credentials,
      TestRoot authenticationRoot,
      boolean persistentCa) {
    if (json) {
      ObjectNode object = CardClientCli.JSON.createObjectNode();
      object.put("result", "written");
      object.put("test_card", true);
      object.put("file", out.toString());
      object.put("state_file", TestCardFile.statePath(out).toString());
      object.put("pin", credentials.pin());
      if (credentials.password() != null) {
        object.put("password", credentials.password());
      }
      object.put("signature_certificate", credentials.password() != null);
      object.put("issuer", authenticationRoot.certificate().getSubjectX500Principal().toString());
      object.put("persistent_ca", persistentCa);
      CardClientCli.printJson(terminal.out(), object);
      return;
    }
    PrintStream stdout = terminal.out();
    stdout.println("*** TEST CARD / テスト用カード（本物のマイナンバーカードではありません / not a real card） ***");
    stdout.println("テスト用カードを作りました / Test card written: " + out);
    stdout.println("暗証番号 / PIN: " + credentials.pin());
    if (credentials.password() != null) {
      stdout.println("署名用パスワード / Signature password: " + credentials.password());
    } else {
      stdout.println("署名用電子証明書 / Signature certificate: なし / none");
    }
    stdout.println("発行CA / Issuer: " + authenticationRoot.certificate().getSubjectX500Principal());
    if (!persistentCa) {
      stdout.println(
          "注意: このカードのCAは保存していません。複数のカードを同じIdPで使うには make-test-ca で作ったCAを --ca で渡してください。"
              + " / Note: this card's CA was not saved. For cards one IdP trusts together, create"
              + " a CA with make-test-ca and pass it with --ca.");
    }
  }
}
