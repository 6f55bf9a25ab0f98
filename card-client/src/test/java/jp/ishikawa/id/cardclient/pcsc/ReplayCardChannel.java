package jp.ishikawa.id.cardclient.pcsc;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A {@code javax.smartcardio} channel that replays a script: each transmitted APDU must be exactly
 * the next expected one (hex), and gets the scripted answer. A card removed mid-script is a thrown
 * {@link CardException}.
 */
final class ReplayCardChannel extends CardChannel {

  private record Step(String command, String response, CardException failure) {}

  private final Deque<Step> script = new ArrayDeque<>();
  private final List<String> mismatches = new ArrayList<>();
  private final FakeCard card = new FakeCard(this);

  ReplayCardChannel expect(String commandHex, String responseHex) {
    script.add(
        new Step(commandHex.replace(" ", "").toLowerCase(), responseHex.replace(" ", ""), null));
    return this;
  }

  ReplayCardChannel fail(String commandHex, CardException failure) {
    script.add(new Step(commandHex.replace(" ", "").toLowerCase(), null, failure));
    return this;
  }

  boolean finished() {
    return script.isEmpty();
  }

  List<String> mismatches() {
    return mismatches;
  }

  FakeCard fakeCard() {
    return card;
  }

  @Override
  public Card getCard() {
    return card;
  }

  @Override
  public int getChannelNumber() {
    return 0;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws CardException {
    String sent = HexFormat.of().formatHex(command.getBytes());
    Step step = script.poll();
    if (step == null || !step.command().equals(sent)) {
      mismatches.add("sent " + sent + ", expected " + (step == null ? "nothing" : step.command()));
      throw new CardException("unexpected APDU " + sent);
    }
    if (step.failure() != null) {
      throw step.failure();
    }
    return new ResponseAPDU(HexFormat.of().parseHex(step.response()));
  }

  @Override
  public int transmit(ByteBuffer command, ByteBuffer response) {
    throw new UnsupportedOperationException("the transport uses CommandAPDU");
  }

  @Override
  public void close() {}

  /** The card behind the channel: records exclusive access and disconnection. */
  static final class FakeCard extends Card {
    private final CardChannel channel;
    boolean exclusive;
    boolean disconnected;
    boolean reset;

    FakeCard(CardChannel channel) {
      this.channel = channel;
    }

    @Override
    public ATR getATR() {
      return new ATR(HexFormat.of().parseHex("3b8880010000000000000000"));
    }

    @Override
    public String getProtocol() {
      return "T=1";
    }

    @Override
    public CardChannel getBasicChannel() {
      return channel;
    }

    @Override
    public CardChannel openLogicalChannel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void beginExclusive() {
      exclusive = true;
    }

    @Override
    public void endExclusive() {
      exclusive = false;
    }

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void disconnect(boolean resetCard) {
      disconnected = true;
      reset = resetCard;
    }
  }
}
