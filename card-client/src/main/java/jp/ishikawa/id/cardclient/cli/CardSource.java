package jp.ishikawa.id.cardclient.cli;

import java.io.IOException;
import java.nio.file.Path;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.pcsc.PcscReaders;
import jp.ishikawa.id.cardclient.pcsc.PcscTransport;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;

/** The card a command uses: {@code --simulated <card.p12>} or a PC/SC reader ({@code --reader}). */
final class CardSource {

  /** Opens the PC/SC service; tests stand in for it. */
  interface ReaderAccess {
    PcscReaders open() throws ChannelException;
  }

  /**
   * An open card and whether it is a simulated (test) card.
   *
   * @param channel where APDUs go
   * @param simulated whether it is a test card file
   */
  record Opened(ApduChannel channel, boolean simulated) implements AutoCloseable {
    @Override
    public void close() {
      if (channel instanceof PcscTransport transport) {
        transport.close();
      }
    }
  }

  private CardSource() {}

  static void checkExclusive(CliArguments args) throws UsageException {
    if (args.value("--reader") != null && args.value("--simulated") != null) {
      throw new UsageException("give --reader or --simulated, not both");
    }
  }

  /**
   * @throws IOException a test card file that cannot be read (exit code 2)
   * @throws ChannelException no reader or no card (exit code 1)
   */
  static Opened open(CliArguments args, ReaderAccess readers) throws IOException, ChannelException {
    String simulated = args.value("--simulated");
    if (simulated != null) {
      return new Opened(TestCardFile.open(Path.of(simulated)), true);
    }
    return new Opened(readers.open().connect(args.value("--reader")), false);
  }
}
