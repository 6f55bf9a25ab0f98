package jp.ishikawa.id.verifier.revocation;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a CRL stream that may be PEM ({@code -----BEGIN X509 CRL-----}, RFC 7468 §5) into a DER
 * stream, decoding base64 as it is read so that a large PEM CRL is never held whole.
 */
final class PemCrlStream extends InputStream {

  private static final String BEGIN = "-----BEGIN X509 CRL-----";
  private static final String END = "-----END X509 CRL-----";
  private static final int MAX_LINE = 1024;

  private final InputStream in;
  private boolean lineStart = true;
  private boolean ended;

  private PemCrlStream(InputStream in) {
    this.in = in;
  }

  /** DER as is (it starts with a SEQUENCE tag); PEM decoded; anything else refused. */
  static InputStream derOf(InputStream raw) throws IOException {
    PushbackInputStream pushback = new PushbackInputStream(raw, 1);
    int first = pushback.read();
    if (first < 0) {
      throw new CrlFormatException("the CRL is empty");
    }
    pushback.unread(first);
    if (first == DerInput.SEQUENCE) {
      return pushback;
    }
    boolean text =
        (first >= 0x20 && first < 0x7f) || first == '\t' || first == '\r' || first == '\n';
    if (!text) {
      throw new CrlFormatException(
          String.format("neither DER (starts with 0x%02x, not a SEQUENCE) nor PEM", first));
    }
    InputStream lines = new BufferedInputStream(pushback, 1 << 16);
    while (true) {
      String line = line(lines);
      if (line == null) {
        throw new CrlFormatException("PEM text without a " + BEGIN + " line");
      }
      line = line.strip();
      if (line.equals(BEGIN)) {
        return Base64.getMimeDecoder().wrap(new PemCrlStream(lines));
      }
      if (line.startsWith("-----BEGIN ")) {
        throw new CrlFormatException("the PEM block is " + line + ", not " + BEGIN);
      }
    }
  }

  @Override
  public int read() throws IOException {
    if (ended) {
      return -1;
    }
    int c = in.read();
    if (c < 0) {
      throw new CrlFormatException("the PEM CRL is truncated: no " + END + " line");
    }
    if (lineStart && c == '-') {
      String rest = line(in);
      if (!("-" + (rest == null ? "" : rest)).strip().equals(END)) {
        throw new CrlFormatException("the PEM CRL ends with an unexpected line instead of " + END);
      }
      ended = true;
      return -1;
    }
    lineStart = c == '\n';
    return c;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int count = 0;
    while (count < length) {
      int c = read();
      if (c < 0) {
        return count == 0 ? -1 : count;
      }
      buffer[offset + count++] = (byte) c;
    }
    return count;
  }

  /**
   * One line without its terminator, or null at the end; bounded so garbage cannot exhaust memory.
   */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    int c = in.read();
    if (c < 0) {
      return null;
    }
    while (c >= 0 && c != '\n') {
      if (line.size() >= MAX_LINE) {
        throw new CrlFormatException("a PEM line is longer than " + MAX_LINE + " characters");
      }
      line.write(c);
      c = in.read();
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
