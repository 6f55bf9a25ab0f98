package jp.ishikawa.id.cardclient.pcsc;

import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jp.ishikawa.id.cardclient.apdu.ChannelException;

/**
 * The PC/SC readers of this computer: listing them and connecting to the card on one. Takes a
 * {@link CardTerminals} so that tests can stand in for the PC/SC service.
 */
public final class PcscReaders {

  /**
   * One reader.
   *
   * @param name the PC/SC reader name, as {@code --reader} takes it
   * @param cardPresent whether a card is on it
   */
  public record Reader(String name, boolean cardPresent) {}

  private final CardTerminals terminals;

  public PcscReaders(CardTerminals terminals) {
    this.terminals = terminals;
  }

  /**
   * The system's PC/SC readers. On Linux this needs pcscd and libpcsclite (the JDK finds it, or
   * {@code -Dsun.security.smartcardio.library=/usr/lib/x86_64-linux-gnu/libpcsclite.so.1}).
   *
   * @throws ChannelException {@code NO_READER} when PC/SC is not available at all
   */
  public static PcscReaders system() throws ChannelException {
    TerminalFactory factory = TerminalFactory.getDefault();
    if (!"PC/SC".equals(factory.getType())) {
      // The JDK falls back to a factory of type "None" when it cannot reach the PC/SC service.
      throw new ChannelException(
          ChannelException.Kind.NO_READER,
          "PC/SC is not available (is pcscd running and libpcsclite installed?)");
    }
    return new PcscReaders(factory.terminals());
  }

  /** Every reader, with or without a card. */
  public List<Reader> list() throws ChannelException {
    List<Reader> readers = new ArrayList<>();
    for (CardTerminal terminal : terminals()) {
      readers.add(new Reader(terminal.getName(), cardPresent(terminal)));
    }
    return List.copyOf(readers);
  }

  /**
   * Connects to the card on reader {@code name}, or on the first reader with a card when {@code
   * name} is null, with exclusive access so that no other program can use the card (and a PIN
   * verified here) meanwhile.
   *
   * @throws ChannelException {@code NO_READER} without readers or with an unknown name, {@code
   *     CARD_REMOVED} without a card
   */
  public PcscTransport connect(String name) throws ChannelException {
    List<CardTerminal> all = terminals();
    if (all.isEmpty()) {
      throw new ChannelException(ChannelException.Kind.NO_READER, "no PC/SC reader is connected");
    }
    CardTerminal chosen = null;
    for (CardTerminal terminal : all) {
      if (name != null ? terminal.getName().equals(name) : cardPresent(terminal)) {
        chosen = terminal;
        break;
      }
    }
    if (chosen == null) {
      throw name != null
          ? new ChannelException(ChannelException.Kind.NO_READER, "no reader named " + name)
          : new ChannelException(ChannelException.Kind.CARD_REMOVED, "no card on any reader");
    }
    try {
      Card card = chosen.connect("*");
      card.beginExclusive();
      return new PcscTransport(card.getBasicChannel(), true);
    } catch (CardException e) {
      throw PcscFailures.classify(e);
    }
  }

  private List<CardTerminal> terminals() throws ChannelException {
    try {
      return terminals.list();
    } catch (CardException e) {
      if (String.valueOf(e.getMessage()).contains("SCARD_E_NO_READERS_AVAILABLE")
          || (e.getCause() != null
              && String.valueOf(e.getCause().getMessage())
                  .contains("SCARD_E_NO_READERS_AVAILABLE"))) {
        return List.of();
      }
      throw PcscFailures.classify(e);
    }
  }

  private static boolean cardPresent(CardTerminal terminal) throws ChannelException {
    try {
      return terminal.isCardPresent();
    } catch (CardException e) {
      throw PcscFailures.classify(e);
    }
  }
}
