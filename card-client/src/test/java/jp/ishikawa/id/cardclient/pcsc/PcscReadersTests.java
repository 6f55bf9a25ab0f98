package jp.ishikawa.id.cardclient.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import org.junit.jupiter.api.Test;

class PcscReadersTests {

  private final ReplayCardChannel channel = new ReplayCardChannel();

  @Test
  void listWhenTwoReadersThenNamesAndCardPresence() throws Exception {
    PcscReaders readers =
        new PcscReaders(
            terminals(
                reader("SONY FeliCa Port/PaSoRi 4.0 00 00", true),
                reader("ACS ACR39U 01 00", false)));
    assertThat(readers.list())
        .containsExactly(
            new PcscReaders.Reader("SONY FeliCa Port/PaSoRi 4.0 00 00", true),
            new PcscReaders.Reader("ACS ACR39U 01 00", false));
  }

  @Test
  void listWhenPcscHasNoReadersThenEmpty() throws Exception {
    CardTerminals none =
        failing(new CardException("list() failed", new Exception("SCARD_E_NO_READERS_AVAILABLE")));
    assertThat(new PcscReaders(none).list()).isEmpty();
  }

  @Test
  void listWhenServiceNotRunningThenNoReader() {
    CardTerminals none =
        failing(new CardException("list() failed", new Exception("SCARD_E_NO_SERVICE")));
    ChannelException failure =
        catchThrowableOfType(ChannelException.class, () -> new PcscReaders(none).list());
    assertThat(failure.kind()).isEqualTo(ChannelException.Kind.NO_READER);
  }

  @Test
  void connectWhenNoNameThenFirstReaderWithACardExclusively() throws Exception {
    PcscReaders readers =
        new PcscReaders(terminals(reader("empty", false), reader("with card", true)));
    PcscTransport transport = readers.connect(null);
    assertThat(transport).isNotNull();
    assertThat(channel.fakeCard().exclusive).isTrue();
  }

  @Test
  void connectWhenNamedReaderThenThatReader() throws Exception {
    PcscReaders readers = new PcscReaders(terminals(reader("a", true), reader("b", true)));
    assertThat(readers.connect("b")).isNotNull();
  }

  @Test
  void connectWhenUnknownNameThenNoReader() {
    PcscReaders readers = new PcscReaders(terminals(reader("a", true)));
    ChannelException failure =
        catchThrowableOfType(ChannelException.class, () -> readers.connect("b"));
    assertThat(failure.kind()).isEqualTo(ChannelException.Kind.NO_READER);
  }

  @Test
  void connectWhenNoReadersThenNoReader() {
    ChannelException failure =
        catchThrowableOfType(
            ChannelException.class, () -> new PcscReaders(terminals()).connect(null));
    assertThat(failure.kind()).isEqualTo(ChannelException.Kind.NO_READER);
  }

  @Test
  void connectWhenNoCardAnywhereThenCardRemoved() {
    PcscReaders readers = new PcscReaders(terminals(reader("a", false)));
    ChannelException failure =
        catchThrowableOfType(ChannelException.class, () -> readers.connect(null));
    assertThat(failure.kind()).isEqualTo(ChannelException.Kind.CARD_REMOVED);
  }

  @Test
  void connectWhenCardLeavesBeforeConnectingThenCardRemoved() {
    CardTerminal flaky =
        new FakeTerminal("a", true) {
          @Override
          public Card connect(String protocol) throws CardException {
            throw new CardNotPresentException("no card");
          }
        };
    ChannelException failure =
        catchThrowableOfType(
            ChannelException.class, () -> new PcscReaders(terminals(flaky)).connect("a"));
    assertThat(failure.kind()).isEqualTo(ChannelException.Kind.CARD_REMOVED);
  }

  private CardTerminal reader(String name, boolean card) {
    return new FakeTerminal(name, card);
  }

  private static CardTerminals terminals(CardTerminal... list) {
    return new CardTerminals() {
      @Override
      public List<CardTerminal> list(State state) {
        return List.of(list);
      }

      @Override
      public boolean waitForChange(long timeout) {
        return false;
      }
    };
  }

  private static CardTerminals failing(CardException failure) {
    return new CardTerminals() {
      @Override
      public List<CardTerminal> list(State state) throws CardException {
        throw failure;
      }

      @Override
      public boolean waitForChange(long timeout) {
        return false;
      }
    };
  }

  private class FakeTerminal extends CardTerminal {
    private final String name;
    private final boolean card;

    FakeTerminal(String name, boolean card) {
      this.name = name;
      this.card = card;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public Card connect(String protocol) throws CardException {
      if (!card) {
        throw new CardNotPresentException("no card");
      }
      return channel.fakeCard();
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
  }
}
