package jp.ishikawa.id.cardclient.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.card.CardAccessException;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.protocol.TransactionException;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.protocol.TransactionUrl;
import jp.ishikawa.id.verifier.model.Purpose;
import tools.jackson.databind.node.ObjectNode;

/** {@code login <url>} and {@code identity <url>}: answer a transaction with the card. */
final class LoginCommand {

  private static final Set<String> VALUES = Set.of("--reader", "--simulated", "--code");
  private static final Set<String> FLAGS = Set.of("--pin-stdin", "--confirm-last-try", "--json");

  private final Terminal terminal;
  private final Supplier<HttpClient> http;
  private final CardSource.ReaderAccess readers;

  LoginCommand(Terminal terminal, Supplier<HttpClient> http, CardSource.ReaderAccess readers) {
    this.terminal = terminal;
    this.http = http;
    this.readers = readers;
  }

  int run(Purpose purpose, List<String> argv) throws UsageException, IOException {
    CliArguments args = CliArguments.parse(argv, VALUES, FLAGS);
    if (args.positional().size() != 1) {
      throw new UsageException(purpose.code() + " takes one transaction URL");
    }
    CardSource.checkExclusive(args);
    if (args.value("--code") == null && terminal.prompter() == null) {
      throw new UsageException("no terminal to ask the confirmation code: give --code");
    }
    if (!args.flag("--pin-stdin") && terminal.prompter() == null) {
      throw new UsageException("no terminal to ask the PIN: give --pin-stdin");
    }
    boolean json = args.flag("--json");
    String url = args.positional().get(0);
    TransactionOutcome outcome;
    try {
      TransactionUrl.parse(url);
      try (CardSource.Opened card = CardSource.open(args, readers)) {
        TerminalDialogue dialogue =
            new TerminalDialogue(
                terminal,
                json ? terminal.err() : terminal.out(),
                args.value("--code"),
                args.flag("--pin-stdin"),
                args.flag("--confirm-last-try"));
        outcome = new TransactionClient(http.get()).run(url, purpose, card.channel(), dialogue);
      }
    } catch (TransactionException e) {
      outcome =
          new TransactionOutcome.Failed(
              e.code(), e.residentMessage(), OptionalInt.empty(), e.detail());
    } catch (ChannelException e) {
      CardAccessException failure = CardAccessException.of(e);
      outcome =
          new TransactionOutcome.Failed(
              failure.code(), failure.residentMessage(), OptionalInt.empty(), failure.detail());
    }
    report(outcome, json);
    return outcome.success() ? CardClientCli.OK : CardClientCli.FAILED;
  }

  private void report(TransactionOutcome outcome, boolean json) {
    PrintStream out = terminal.out();
    switch (outcome) {
      case TransactionOutcome.Completed done -> {
        if (json) {
          ObjectNode object = CardClientCli.JSON.createObjectNode();
          object.put("result", "completed");
          object.put("purpose", done.purpose().code());
          object.put("txn", done.txn());
          object.put("service_name", done.serviceName());
          object.put("origin", done.origin());
          CardClientCli.printJson(out, object);
        } else {
          out.println(
              done.purpose() == Purpose.LOGIN
                  ? "ログインしました。パソコンの画面に戻ってください。 / Logged in: go back to the screen."
                  : "本人確認の情報を送りました。パソコンの画面に戻ってください。"
                      + " / Your identity was sent: go back to the screen.");
        }
      }
      case TransactionOutcome.Failed failed -> {
        if (json) {
          ObjectNode object = CardClientCli.JSON.createObjectNode();
          object.put("result", "failed");
          object.put("error", failed.code());
          object.put("message", failed.message());
          failed.triesLeft().ifPresent(tries -> object.put("tries_left", tries));
          if (failed.detail() != null) {
            object.put("detail", failed.detail());
          }
          CardClientCli.printJson(out, object);
        } else {
          terminal.err().println(failed.message());
          terminal
              .err()
              .println(
                  "（理由 / reason: "
                      + failed.code()
                      + (failed.detail() != null ? ", " + failed.detail() : "")
                      + "）");
        }
      }
    }
  }
}
