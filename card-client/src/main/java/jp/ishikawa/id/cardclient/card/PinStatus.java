package jp.ishikawa.id.cardclient.card;

/**
 * What VERIFY without data told about a PIN or password: how many tries are left and whether it is
 * already verified in this session.
 *
 * @param role whose secret
 * @param triesLeft tries before the key locks (0: locked)
 * @param verified the card answered {@code 90 00}: verified earlier in this session
 */
public record PinStatus(KeyRole role, int triesLeft, boolean verified) {

  public boolean blocked() {
    return triesLeft == 0;
  }

  /** One more wrong entry locks the key: the client must ask before sending. */
  public boolean lastTry() {
    return triesLeft == 1;
  }
}
