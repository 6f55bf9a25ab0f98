package jp.ishikawa.id.cardclient.card;

import java.util.OptionalInt;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.StatusWord;

/**
 * A card operation failed: a typed {@link CardError} with the resident's sentence, the key it
 * concerned, the tries left when the card told them and the status word. Never carries a PIN.
 */
public final class CardAccessException extends Exception {

  private final CardError error;
  private final KeyRole role;
  private final int triesLeft;
  private final int statusWord;

  public CardAccessException(CardError error, KeyRole role, int triesLeft, int statusWord) {
    this(error, role, triesLeft, statusWord, null);
  }

  public CardAccessException(
      CardError error, KeyRole role, int triesLeft, int statusWord, Throwable cause) {
    super(
        error.code() + (statusWord >= 0 ? " (SW " + StatusWord.hex(statusWord) + ")" : ""), cause);
    this.error = error;
    this.role = role;
    this.triesLeft = triesLeft;
    this.statusWord = statusWord;
  }

  public static CardAccessException of(CardError error) {
    return new CardAccessException(error, null, -1, -1);
  }

  public static CardAccessException of(CardError error, KeyRole role) {
    return new CardAccessException(error, role, -1, -1);
  }

  /** The card could not be reached at all: removed, no reader, or a transport failure. */
  public static CardAccessException of(ChannelException failure) {
    CardError error =
        switch (failure.kind()) {
          case CARD_REMOVED -> CardError.CARD_REMOVED;
          case NO_READER -> CardError.NO_READER;
          case TRANSPORT -> CardError.READER_ERROR;
        };
    return new CardAccessException(error, null, -1, -1, failure);
  }

  public CardError error() {
    return error;
  }

  /** The stable code, e.g. {@code wrong_pin}. */
  public String code() {
    return error.code();
  }

  /** The key concerned, or null. */
  public KeyRole role() {
    return role;
  }

  /** Tries left, when the card said. */
  public OptionalInt triesLeft() {
    return triesLeft >= 0 ? OptionalInt.of(triesLeft) : OptionalInt.empty();
  }

  /** The card's status word, when there was one. */
  public OptionalInt statusWord() {
    return statusWord >= 0 ? OptionalInt.of(statusWord) : OptionalInt.empty();
  }

  /**
   * A technical detail for operators: the transport's message, or the status word; null when the
   * code says it all.
   */
  public String detail() {
    if (getCause() != null) {
      return getCause().getMessage();
    }
    return statusWord >= 0 ? "SW " + StatusWord.hex(statusWord) : null;
  }

  /** The sentence the resident reads, Japanese then English. */
  public String residentMessage() {
    return error.residentMessage(role, triesLeft, statusWord);
  }
}
