package jp.ishikawa.id.cardclient.apdu;

/**
 * The APDU could not be exchanged at all: the card was taken off the reader, there is no reader or
 * no PC/SC service, or the transport failed. A status word from the card is never one of these.
 */
public final class ChannelException extends Exception {

  /** What went wrong below the card application. */
  public enum Kind {
    /** The card is not (or no longer) on the reader. */
    CARD_REMOVED,
    /** No reader, no such reader, or no PC/SC service (pcscd). */
    NO_READER,
    /** Any other transport failure. */
    TRANSPORT
  }

  private final Kind kind;

  public ChannelException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ChannelException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
