package jp.ishikawa.id.cardclient.simulator;

import jp.ishikawa.id.cardclient.card.KeyRole;

/**
 * The retry counters of a simulated card: what a real card keeps in its own memory, so that a
 * lock-out survives taking the card off the reader.
 *
 * @param authentication tries left for the PIN (0–3)
 * @param signature tries left for the signature password (0–5)
 */
public record TriesLeft(int authentication, int signature) {

  public TriesLeft {
    if (authentication < 0 || authentication > KeyRole.AUTHENTICATION.maxTries()) {
      throw new IllegalArgumentException("PIN tries left must be 0-3");
    }
    if (signature < 0 || signature > KeyRole.SIGNATURE.maxTries()) {
      throw new IllegalArgumentException("password tries left must be 0-5");
    }
  }

  /** A new card: 3 PIN tries, 5 password tries. */
  public static TriesLeft full() {
    return new TriesLeft(KeyRole.AUTHENTICATION.maxTries(), KeyRole.SIGNATURE.maxTries());
  }

  public int of(KeyRole role) {
    return role == KeyRole.AUTHENTICATION ? authentication : signature;
  }

  public TriesLeft with(KeyRole role, int tries) {
    return role == KeyRole.AUTHENTICATION
        ? new TriesLeft(tries, signature)
        : new TriesLeft(authentication, tries);
  }
}
