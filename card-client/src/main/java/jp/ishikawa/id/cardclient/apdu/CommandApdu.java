package jp.ishikawa.id.cardclient.apdu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An ISO/IEC 7816-4 command APDU in the short form every JPKI command uses (JPKI.md §1): header
 * {@code CLA INS P1 P2}, an optional data field of 1–255 bytes, and an optional expected length
 * {@code Ne} of 1–256 (encoded {@code Le = 00} for 256).
 *
 * <p>{@link #toString()} never shows the data field, because a VERIFY command carries the PIN.
 */
public final class CommandApdu {

  /** No expected length: the command is case 1 or case 3. */
  public static final int NO_LE = -1;

  private final int cla;
  private final int ins;
  private final int p1;
  private final int p2;
  private final byte[] data;
  private final int ne;

  private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
    this.cla = checkByte(cla, "CLA");
    this.ins = checkByte(ins, "INS");
    this.p1 = checkByte(p1, "P1");
    this.p2 = checkByte(p2, "P2");
    if (data.length > 255) {
      throw new IllegalArgumentException("a short APDU carries at most 255 data bytes");
    }
    if (ne != NO_LE && (ne < 1 || ne > 256)) {
      throw new IllegalArgumentException("a short APDU expects 1-256 bytes");
    }
    this.data = data.clone();
    this.ne = ne;
  }

  /** Case 1: header only. */
  public static CommandApdu of(int cla, int ins, int p1, int p2) {
    return new CommandApdu(cla, ins, p1, p2, new byte[0], NO_LE);
  }

  /** Case 3: header and data, no response data expected. */
  public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data) {
    return new CommandApdu(cla, ins, p1, p2, data, NO_LE);
  }

  /** Case 2 (empty {@code data}) or case 4: header, data, and {@code ne} expected bytes. */
  public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data, int ne) {
    return new CommandApdu(cla, ins, p1, p2, data, ne);
  }

  /**
   * Parses a short-form APDU.
   *
   * @throws IllegalArgumentException if the bytes are not a well-formed short APDU (a wrong Lc is
   *     the commonest case)
   */
  public static CommandApdu parse(byte[] apdu) {
    if (apdu.length < 4) {
      throw new IllegalArgumentException("an APDU has a 4-byte header");
    }
    int cla = apdu[0] & 0xff;
    int ins = apdu[1] & 0xff;
    int p1 = apdu[2] & 0xff;
    int p2 = apdu[3] & 0xff;
    if (apdu.length == 4) {
      return of(cla, ins, p1, p2);
    }
    int first = apdu[4] & 0xff;
    if (apdu.length == 5) {
      return of(cla, ins, p1, p2, new byte[0], first == 0 ? 256 : first);
    }
    if (first == 0) {
      throw new IllegalArgumentException("extended APDUs are not used by JPKI");
    }
    if (apdu.length == 5 + first) {
      return of(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + first));
    }
    if (apdu.length == 6 + first) {
      int le = apdu[5 + first] & 0xff;
      return of(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + first), le == 0 ? 256 : le);
    }
    throw new IllegalArgumentException("Lc does not match the length of the APDU");
  }

  public int cla() {
    return cla;
  }

  public int ins() {
    return ins;
  }

  public int p1() {
    return p1;
  }

  public int p2() {
    return p2;
  }

  /** A copy of the data field (empty when there is none). */
  public byte[] data() {
    return data.clone();
  }

  public int dataLength() {
    return data.length;
  }

  public boolean hasData() {
    return data.length > 0;
  }

  /** The expected response length, or {@link #NO_LE}. */
  public int ne() {
    return ne;
  }

  public boolean hasLe() {
    return ne != NO_LE;
  }

  /** The encoded APDU, as sent to the reader. */
  public byte[] bytes() {
    int length = 4 + (data.length > 0 ? 1 + data.length : 0) + (ne != NO_LE ? 1 : 0);
    byte[] out = new byte[length];
    out[0] = (byte) cla;
    out[1] = (byte) ins;
    out[2] = (byte) p1;
    out[3] = (byte) p2;
    int at = 4;
    if (data.length > 0) {
      out[at++] = (byte) data.length;
      System.arraycopy(data, 0, out, at, data.length);
      at += data.length;
    }
    if (ne != NO_LE) {
      out[at] = (byte) (ne == 256 ? 0 : ne);
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CommandApdu that && Arrays.equals(bytes(), that.bytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes());
  }

  /** The header and lengths only: the data field may be a PIN. */
  @Override
  public String toString() {
    return "CommandApdu["
        + HexFormat.of().formatHex(new byte[] {(byte) cla, (byte) ins, (byte) p1, (byte) p2})
        + ", Lc="
        + data.length
        + (ne != NO_LE ? ", Ne=" + ne : "")
        + "]";
  }

  private static int checkByte(int value, String name) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException(name + " must be one byte");
    }
    return value;
  }
}
