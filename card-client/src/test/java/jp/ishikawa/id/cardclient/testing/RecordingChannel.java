package jp.ishikawa.id.cardclient.testing;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.CommandApdu;
import jp.ishikawa.id.cardclient.apdu.ResponseApdu;

/** Passes APDUs on and records them, so tests can assert what was (not) sent. */
public final class RecordingChannel implements ApduChannel {

  private final ApduChannel target;
  private final List<CommandApdu> sent = new ArrayList<>();

  public RecordingChannel(ApduChannel target) {
    this.target = target;
  }

  @Override
  public ResponseApdu transmit(CommandApdu command) throws ChannelException {
    sent.add(command);
    return target.transmit(command);
  }

  public List<CommandApdu> sent() {
    return List.copyOf(sent);
  }

  /** Hex of every APDU sent, for exact comparisons. */
  public List<String> sentHex() {
    return sent.stream().map(c -> HexFormat.of().formatHex(c.bytes())).toList();
  }

  /** How many VERIFY commands carried data (a PIN): each may cost a try. */
  public long verifiesWithData() {
    return sent.stream().filter(c -> c.ins() == 0x20 && c.hasData()).count();
  }

  public long count(int ins) {
    return sent.stream().filter(c -> c.ins() == ins).count();
  }
}
