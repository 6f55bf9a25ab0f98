package jp.ishikawa.id.cardclient.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.cardclient.simulator.TestCaFile;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code make-test-ca}: a {@code JPKI-TEST} authentication root and signature root in one PKCS#12
 * file, for {@code make-test-card --ca} and for an IdP demo's test trust store.
 */
final class MakeTestCaCommand {

  private final Terminal terminal;

  MakeTestCaCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  int run(List<String> argv) throws UsageException, IOException {
    CliArguments args = CliArguments.parse(argv, Set.of("--out"), Set.of("--json"));
    if (!args.positional().isEmpty() || args.value("--out") == null) {
      throw new UsageException("make-test-ca needs --out <ca.p12> and nothing else");
    }
    Path out = Path.of(args.value("--out"));
    if (Files.exists(out)) {
      throw new UsageException(out + " exists: a test CA is never replaced");
    }
    TestPki pki = TestPki.create(TestPki.options().generations(List.of(LocalDate.of(2023, 7, 16))));
    TestCaFile.Roots roots =
        new TestCaFile.Roots(pki.newestRoot(Purpose.LOGIN), pki.newestRoot(Purpose.IDENTITY));
    TestCaFile.write(out, roots);
    if (args.flag("--json")) {
      ObjectNode object = CardClientCli.JSON.createObjectNode();
      object.put("result", "written");
      object.put("file", out.toString());
      object.put("authentication_root_sha256", Fingerprint.sha256(roots.authentication().der()));
      object.put("signature_root_sha256", Fingerprint.sha256(roots.signature().der()));
      CardClientCli.printJson(terminal.out(), object);
      return CardClientCli.OK;
    }
    PrintStream stdout = terminal.out();
    stdout.println("*** TEST CA / テスト用CA（本番では決して信頼しないこと / never trust it in production） ***");
    stdout.println("テスト用CAを作りました / Test CA written: " + out);
    describe(stdout, "利用者証明用 / authentication", roots.authentication());
    describe(stdout, "署名用 / signature", roots.signature());
    return CardClientCli.OK;
  }

  private static void describe(PrintStream out, String label, TestRoot root) {
    out.println(label + ": " + root.certificate().getSubjectX500Principal());
    out.println("  SHA-256: " + Fingerprint.sha256(root.der()));
  }
}
