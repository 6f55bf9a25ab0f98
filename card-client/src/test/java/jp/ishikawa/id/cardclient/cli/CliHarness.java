package jp.ishikawa.id.cardclient.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import tools.jackson.databind.json.JsonMapper;

/** Runs the CLI in-process with captured streams, a given stdin and an optional terminal. */
final class CliHarness {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  String stdin = "";
  Prompter prompter;
  CardSource.ReaderAccess readers =
      () -> {
        throw new ChannelException(ChannelException.Kind.NO_READER, "PC/SC is not available");
      };

  int run(String... args) {
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            prompter);
    return new CardClientCli(terminal, HttpClient::newHttpClient, readers).run(args);
  }

  void reset() {
    out.reset();
    err.reset();
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
