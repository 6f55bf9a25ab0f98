package jp.ishikawa.id.cardclient.apdu;

import java.util.Arrays;

/** An ISO/IEC 7816-4 response APDU: response data followed by the status word {@code SW1 SW2}. */
public final class ResponseApdu {

  private final byte[] data;
  private final int sw;

  private ResponseApdu(byte[] data, int sw) {
    if (sw < 0 || sw > 0xffff) {
      throw new IllegalArgumentException("a status word is two bytes");
    }
    this.data = data.clone();
    this.sw = sw;
  }

  public static ResponseApdu of(byte[] data, int sw) {
    return new ResponseApdu(data, sw);
  }

  /** A response without data. */
  public static ResponseApdu status(int sw) {
    return new ResponseApdu(new byte[0], sw);
  }

  /**
   * Parses the bytes a reader returned.
   *
   * @throws IllegalArgumentException if there is no status word
   */
  public static ResponseApdu parse(byte[] response) {
    if (response.length < 2) {
      throw new IllegalArgumentException("a response APDU ends with a 2-byte status word");
    }
    int sw = ((response[response.length - 2] & 0xff) << 8) | (response[response.length - 1] & 0xff);
    return new ResponseApdu(Arrays.copyOf(response, response.length - 2), sw);
  }

  /** A copy of the response data. */
  public byte[] data() {
    return data.clone();
  }

  public int dataLength() {
    return data.length;
  }

  public int sw() {
    return sw;
  }

  public int sw1() {
    return sw >> 8;
  }

  public int sw2() {
    return sw & 0xff;
  }

  /** {@code 90 00}. */
  public boolean isSuccess() {
    return sw == StatusWord.SUCCESS;
  }

  /** The encoded response: data then status word. */
  public byte[] bytes() {
    byte[] out = Arrays.copyOf(data, data.length + 2);
    out[data.length] = (byte) sw1();
    out[data.length + 1] = (byte) sw2();
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResponseApdu that && Arrays.equals(bytes(), that.bytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes());
  }

  @Override
  public String toString() {
    return "ResponseApdu[" + data.length + " bytes, SW=" + StatusWord.hex(sw) + "]";
  }
}
