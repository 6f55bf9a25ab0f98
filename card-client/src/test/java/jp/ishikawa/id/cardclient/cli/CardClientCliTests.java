package jp.ishikawa.id.cardclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import jp.ishikawa.id.cardclient.pcsc.PcscReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The CLI entry: usage and exit codes, {@code inspect}, {@code readers}. */
class CardClientCliTests {

  @TempDir Path directory;

  private final CliHarness cli = new CliHarness();

  @Test
  void runWhenNoArgumentsThenUsageAndExitTwo() {
    assertThat(cli.run()).isEqualTo(2);
    assertThat(cli.err()).contains("Usage");
  }

  @Test
  void runWhenHelpThenUsageAndExitZero() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("make-test-card");
  }

  @Test
  void runWhenUnknownCommandThenExitTwo() {
    assertThat(cli.run("fly")).isEqualTo(2);
    assertThat(cli.err()).contains("unknown command fly");
  }

  @Test
  void runWhenUnknownOptionWithJsonThenOneJsonErrorObject() throws Exception {
    assertThat(cli.run("inspect", "--simulated", "x.p12", "--colour", "--json")).isEqualTo(2);
    JsonNode result = CliHarness.JSON.readTree(cli.out());
    assertThat(result.get("result").stringValue()).isEqualTo("error");
    assertThat(result.get("error").stringValue()).isEqualTo("usage");
  }

  @Test
  void inspectWhenTestCardFileMissingThenExitTwo() {
    assertThat(cli.run("inspect", "--simulated", directory.resolve("none.p12").toString()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("I/O error");
  }

  @Test
  void readersWhenTwoReadersThenJsonList() throws Exception {
    cli.readers =
        () -> new PcscReaders(terminals("SONY FeliCa Port/PaSoRi 4.0 00 00", "ACS ACR39U"));
    assertThat(cli.run("readers", "--json")).isZero();
    JsonNode result = CliHarness.JSON.readTree(cli.out());
    assertThat(result.at("/readers/0/name").stringValue())
        .isEqualTo("SONY FeliCa Port/PaSoRi 4.0 00 00");
    assertThat(result.at("/readers/0/card_present").booleanValue()).isTrue();
    assertThat(result.at("/readers/1/card_present").booleanValue()).isFalse();
  }

  @Test
  void readersWhenPcscUnavailableThenExitOneNoReader() {
    assertThat(cli.run("readers")).isEqualTo(1);
    assertThat(cli.err()).contains("no_reader");
  }

  /** Readers named {@code names}; the first has a card. */
  private static CardTerminals terminals(String... names) {
    List<CardTerminal> list = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      boolean card = i == 0;
      list.add(
          new CardTerminal() {
            @Override
            public String getName() {
              return name;
            }

            @Override
            public Card connect(String protocol) throws CardException {
              throw new CardException("not in this test");
            }

            @Override
            public boolean isCardPresent() {
              return card;
            }

            @Override
            public boolean waitForCardPresent(long timeout) {
              return card;
            }

            @Override
            public boolean waitForCardAbsent(long timeout) {
              return !card;
            }
          });
    }
    return new CardTerminals() {
      @Override
      public List<CardTerminal> list(State state) {
        return List.copyOf(list);
      }

      @Override
      public boolean waitForChange(long timeout) {
        return false;
      }
    };
  }
}
