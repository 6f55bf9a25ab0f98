package jp.ishikawa.id.cardclient.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import jp.ishikawa.id.cardclient.pcsc.PcscReaders;
import jp.ishikawa.id.verifier.model.Purpose;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -jar card-client.jar <command>}: answer a login or identity transaction with a card,
 * list readers, inspect a card, issue test cards. Output is Japanese first with English; {@code
 * --json} prints one JSON object instead. Exit codes: 0 success, 1 rejected or failed (with the
 * reason code), 2 usage or I/O error. The PIN is never printed or logged, and prompts do not echo
 * it.
 */
public final class CardClientCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final String USAGE_TEXT =
      """
      使い方 / Usage: java -jar card-client.jar <command> [options]

        login <transaction-url>      ログイン（利用者証明用、暗証番号4桁） / log in (PIN)
        identity <transaction-url>   本人確認（署名用、パスワード） / prove identity (signature password)
            --reader <name> | --simulated <card.p12>
            --code <NN>               確認番号 / confirmation code shown on the screen
            --pin-stdin               暗証番号を標準入力の1行から読む / read the PIN from one stdin line
            --confirm-last-try        残り1回でも送信する / send even when one try is left
            --json
        readers [--json]             カードリーダーの一覧 / list PC/SC readers
        inspect [--reader <name> | --simulated <card.p12>] [--json]
                                     証明書・残り回数・トークンラベル / certificates, tries left, label
        make-test-card --out <card.p12> [--with-signature-cert] [--name <氏名>]
                       [--birth <YYYY-MM-DD|EYYYYMMDD>] [--address <住所>] [--gender <1|2|0|9>]
                       [--ca <ca.p12>] [--pin <NNNN>] [--password <PASSWORD>] [--force] [--json]
                                     テスト用カードを作る / issue a TEST card
        make-test-ca --out <ca.p12> [--json]
                                     テスト用CAを作る / create a TEST CA for make-test-card --ca
      """;

  private final Terminal terminal;
  private final Supplier<HttpClient> http;
  private final CardSource.ReaderAccess readers;

  CardClientCli(Terminal terminal, Supplier<HttpClient> http, CardSource.ReaderAccess readers) {
    this.terminal = terminal;
    this.http = http;
    this.readers = readers;
  }

  public static void main(String[] args) {
    CardClientCli cli =
        new CardClientCli(
            Terminal.system(),
            () ->
                HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build(),
            PcscReaders::system);
    System.exit(cli.run(args));
  }

  /** Runs one command; returns the exit code. */
  int run(String... args) {
    boolean json = Arrays.asList(args).contains("--json");
    if (args.length == 0) {
      terminal.err().print(USAGE_TEXT);
      return USAGE;
    }
    if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      terminal.out().print(USAGE_TEXT);
      return OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "login" -> new LoginCommand(terminal, http, readers).run(Purpose.LOGIN, rest);
        case "identity" -> new LoginCommand(terminal, http, readers).run(Purpose.IDENTITY, rest);
        case "readers" -> new ReadersCommand(terminal, readers).run(rest);
        case "inspect" -> new InspectCommand(terminal, readers).run(rest);
        case "make-test-card" -> new MakeTestCardCommand(terminal).run(rest);
        case "make-test-ca" -> new MakeTestCaCommand(terminal).run(rest);
        default -> throw new UsageException("unknown command " + args[0]);
      };
    } catch (UsageException e) {
      return error(json, "usage", "使い方の誤り / Usage error: " + e.getMessage(), true);
    } catch (IOException e) {
      return error(json, "io_error", "入出力エラー / I/O error: " + e.getMessage(), false);
    }
  }

  private int error(boolean json, String code, String message, boolean showUsage) {
    if (json) {
      ObjectNode object = JSON.createObjectNode();
      object.put("result", "error");
      object.put("error", code);
      object.put("message", message);
      printJson(terminal.out(), object);
    } else {
      terminal.err().println(message);
      if (showUsage) {
        terminal.err().print(USAGE_TEXT);
      }
    }
    return USAGE;
  }

  static void printJson(PrintStream out, ObjectNode object) {
    out.println(JSON.writeValueAsString(object));
  }
}
