package jp.ishikawa.id.cardclient.cli;

import java.util.List;
import java.util.Set;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.card.CardAccessException;
import jp.ishikawa.id.cardclient.pcsc.PcscReaders;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code readers}: the PC/SC readers and whether a card is on each. */
final class ReadersCommand {

  private final Terminal terminal;
  private final CardSource.ReaderAccess readers;

  ReadersCommand(Terminal terminal, CardSource.ReaderAccess readers) {
    this.terminal = terminal;
    this.readers = readers;
  }

  int run(List<String> argv) throws UsageException {
    CliArguments args = CliArguments.parse(argv, Set.of(), Set.of("--json"));
    if (!args.positional().isEmpty()) {
      throw new UsageException("readers takes no arguments");
    }
    boolean json = args.flag("--json");
    List<PcscReaders.Reader> list;
    try {
      list = readers.open().list();
    } catch (ChannelException e) {
      CardAccessException failure = CardAccessException.of(e);
      if (json) {
        ObjectNode object = CardClientCli.JSON.createObjectNode();
        object.put("result", "failed");
        object.put("error", failure.code());
        object.put("message", failure.residentMessage());
        object.put("detail", e.getMessage());
        CardClientCli.printJson(terminal.out(), object);
      } else {
        terminal.err().println(failure.residentMessage());
        terminal.err().println("（理由 / reason: " + failure.code() + ": " + e.getMessage() + "）");
      }
      return CardClientCli.FAILED;
    }
    if (json) {
      ObjectNode object = CardClientCli.JSON.createObjectNode();
      ArrayNode array = object.putArray("readers");
      for (PcscReaders.Reader reader : list) {
        array.addObject().put("name", reader.name()).put("card_present", reader.cardPresent());
      }
      CardClientCli.printJson(terminal.out(), object);
      return CardClientCli.OK;
    }
    if (list.isEmpty()) {
      terminal.out().println("カードリーダーが接続されていません。 / No card reader is connected.");
    }
    for (PcscReaders.Reader reader : list) {
      terminal
          .out()
          .println(
              reader.name()
                  + (reader.cardPresent() ? "  [カードあり / card present]" : "  [カードなし / no card]"));
    }
    return CardClientCli.OK;
  }
}
