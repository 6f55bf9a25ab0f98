package jp.ishikawa.id.cardclient.pcsc;

import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import jp.ishikawa.id.cardclient.apdu.ChannelException;

/**
 * Sorts {@code javax.smartcardio} failures by the PC/SC error name the JDK puts in the message of
 * the exception or its cause ({@code SCARD_W_REMOVED_CARD}, {@code SCARD_E_NO_SERVICE}…).
 */
final class PcscFailures {

  private static final String[] REMOVED = {
    "SCARD_W_REMOVED_CARD",
    "SCARD_E_NO_SMARTCARD",
    "SCARD_W_RESET_CARD",
    "SCARD_W_UNPOWERED_CARD",
    "SCARD_W_UNRESPONSIVE_CARD",
    "SCARD_E_CARD_UNSUPPORTED"
  };
  private static final String[] NO_READER = {
    "SCARD_E_NO_SERVICE",
    "SCARD_E_SERVICE_STOPPED",
    "SCARD_E_NO_READERS_AVAILABLE",
    "SCARD_E_READER_UNAVAILABLE",
    "SCARD_E_UNKNOWN_READER"
  };

  private PcscFailures() {}

  static ChannelException classify(CardException failure) {
    if (failure instanceof CardNotPresentException) {
      return new ChannelException(
          ChannelException.Kind.CARD_REMOVED, "no card on the reader", failure);
    }
    String text = messages(failure);
    for (String name : REMOVED) {
      if (text.contains(name)) {
        return new ChannelException(ChannelException.Kind.CARD_REMOVED, name, failure);
      }
    }
    for (String name : NO_READER) {
      if (text.contains(name)) {
        return new ChannelException(ChannelException.Kind.NO_READER, name, failure);
      }
    }
    return new ChannelException(
        ChannelException.Kind.TRANSPORT, "PC/SC failure: " + failure.getMessage(), failure);
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null && text.length() < 4096; t = t.getCause()) {
      text.append(t.getMessage()).append(' ');
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }
}
