package jp.ishikawa.id.cardclient.apdu;

/**
 * Where APDUs go: a card on a PC/SC reader or the simulated card. Everything above this interface
 * runs the same code path for both, so the tests against the simulator exercise what a real card
 * sees.
 */
public interface ApduChannel {

  /**
   * Sends one command and returns the card's answer, whatever its status word.
   *
   * @throws ChannelException if no answer came back (card removed, no reader, transport failure)
   */
  ResponseApdu transmit(CommandApdu command) throws ChannelException;
}
