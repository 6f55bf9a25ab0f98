package jp.ishikawa.id.cardclient.pcsc;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.CommandApdu;
import jp.ishikawa.id.cardclient.apdu.ResponseApdu;

/**
 * A card on a PC/SC reader through {@code javax.smartcardio} (pcscd and any CCID reader on Linux,
 * the WinSCard service on Windows, CryptoTokenKit on macOS). The APDUs go out exactly as {@link
 * CommandApdu#bytes()} encodes them; PC/SC's failures become {@link ChannelException}s: card
 * removed, no reader or service, or another transport failure.
 */
public final class PcscTransport implements ApduChannel, AutoCloseable {

  private final CardChannel channel;
  private final boolean exclusive;

  /**
   * Wraps a connected channel.
   *
   * @param exclusive whether {@link Card#beginExclusive()} was called, so that {@link #close()}
   *     ends it
   */
  public PcscTransport(CardChannel channel, boolean exclusive) {
    this.channel = channel;
    this.exclusive = exclusive;
  }

  @Override
  public ResponseApdu transmit(CommandApdu command) throws ChannelException {
    ResponseAPDU response;
    try {
      response = channel.transmit(new CommandAPDU(command.bytes()));
    } catch (CardNotPresentException e) {
      throw new ChannelException(ChannelException.Kind.CARD_REMOVED, "the card is not present", e);
    } catch (CardException e) {
      throw PcscFailures.classify(e);
    } catch (IllegalStateException e) {
      // smartcardio's answer once the card has been disconnected or the channel closed.
      throw new ChannelException(
          ChannelException.Kind.CARD_REMOVED, "the card connection is closed", e);
    }
    byte[] bytes = response.getBytes();
    if (bytes.length < 2) {
      throw new ChannelException(
          ChannelException.Kind.TRANSPORT, "the reader returned no status word");
    }
    return ResponseApdu.parse(bytes);
  }

  /** Ends exclusive access and disconnects, leaving the card's state to be reset. */
  @Override
  public void close() {
    Card card = channel.getCard();
    try {
      if (exclusive) {
        card.endExclusive();
      }
    } catch (CardException | IllegalStateException e) {
      // The card is gone already: there is nothing left to release.
    }
    try {
      // Reset on disconnect, so that no verified PIN outlives this client's session.
      card.disconnect(true);
    } catch (CardException | IllegalStateException e) {
      // As above.
    }
  }
}
