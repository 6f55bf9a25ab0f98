package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A small forward-only DER reader over a stream, for CRLs too big to hold as objects: it keeps one
 * 64 KiB buffer, enforces a byte cap, refuses indefinite lengths and elements that overrun their
 * parent, and can feed every byte it consumes into a digest (the tbsCertList that the CA signed).
 */
final class DerInput {

  static final int BOOLEAN = 0x01;
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int ENUMERATED = 0x0a;
  static final int UTC_TIME = 0x17;
  static final int GENERALIZED_TIME = 0x18;
  static final int SEQUENCE = 0x30;
  static final int CONTEXT_0 = 0xa0;

  private final InputStream in;
  private final long maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private long base;
  private MessageDigest digest;
  private int digestFrom;

  DerInput(InputStream in, long maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** Bytes consumed so far. */
  long position() {
    return base + pos;
  }

  /** The next byte without consuming it, or -1 at the end of the stream. */
  int peek() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buffer[pos] & 0xff;
  }

  int read() throws IOException {
    if (pos == limit && !fill()) {
      throw new CrlFormatException("truncated: the data ends at byte " + position());
    }
    return buffer[pos++] & 0xff;
  }

  /**
   * Reads a tag and a definite length and returns the content length, which must end within {@code
   * end} (the enclosing element's end offset).
   */
  long header(int expectedTag, String what, long end) throws IOException {
    long at = position();
    int tag = read();
    if (tag != expectedTag) {
      throw new CrlFormatException(
          String.format(
              "%s: expected tag 0x%02x but found 0x%02x at byte %d", what, expectedTag, tag, at));
    }
    long length = length(what);
    if (position() + length > end) {
      throw new CrlFormatException(
          what + " at byte " + at + " claims " + length + " bytes, more than its container holds");
    }
    return length;
  }

  private long length(String what) throws IOException {
    int first = read();
    if (first < 0x80) {
      return first;
    }
    if (first == 0x80) {
      throw new CrlFormatException(what + ": indefinite length is not DER");
    }
    int count = first & 0x7f;
    if (count > 4) {
      throw new CrlFormatException(what + ": a " + count + "-byte length is not plausible");
    }
    long length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | read();
    }
    return length;
  }

  /** The next {@code count} bytes; callers bound {@code count}. */
  byte[] bytes(int count) throws IOException {
    byte[] out = new byte[count];
    int done = 0;
    while (done < count) {
      if (pos == limit && !fill()) {
        throw new CrlFormatException("truncated: the data ends at byte " + position());
      }
      int chunk = Math.min(count - done, limit - pos);
      System.arraycopy(buffer, pos, out, done, chunk);
      pos += chunk;
      done += chunk;
    }
    return out;
  }

  /**
   * A whole element (tag, length and content, re-encoded in DER) whose content is at most {@code
   * maxContent} bytes: for names and algorithm identifiers that must be compared or parsed whole.
   */
  byte[] element(int expectedTag, String what, long end, int maxContent) throws IOException {
    long length = header(expectedTag, what, end);
    if (length > maxContent) {
      throw new CrlFormatException(
          what + " of " + length + " bytes is larger than the " + maxContent + " allowed");
    }
    byte[] content = bytes((int) length);
    byte[] lengthBytes = encodeLength(content.length);
    byte[] out = new byte[1 + lengthBytes.length + content.length];
    out[0] = (byte) expectedTag;
    System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
    System.arraycopy(content, 0, out, 1 + lengthBytes.length, content.length);
    return out;
  }

  /** The content of an element, at most {@code maxContent} bytes. */
  byte[] content(int expectedTag, String what, long end, int maxContent) throws IOException {
    long length = header(expectedTag, what, end);
    if (length > maxContent) {
      throw new CrlFormatException(
          what + " of " + length + " bytes is larger than the " + maxContent + " allowed");
    }
    return bytes((int) length);
  }

  void skip(long count) throws IOException {
    long left = count;
    while (left > 0) {
      if (pos == limit && !fill()) {
        throw new CrlFormatException("truncated: the data ends at byte " + position());
      }
      int chunk = (int) Math.min(left, limit - pos);
      pos += chunk;
      left -= chunk;
    }
  }

  /**
   * A UTCTime or GeneralizedTime in the DER form RFC 5280 §4.1.2.5 requires (seconds, {@code Z}),
   * as epoch seconds, without allocating: every revoked entry has one.
   */
  long time(String what, long end) throws IOException {
    int tag = peek() == GENERALIZED_TIME ? GENERALIZED_TIME : UTC_TIME;
    long length = header(tag, what, end);
    int expected = tag == UTC_TIME ? 13 : 15;
    if (length != expected) {
      throw new CrlFormatException(what + " is not a DER time (YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ)");
    }
    int year = digits(what);
    if (tag == UTC_TIME) {
      // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, otherwise 20YY.
      year += year >= 50 ? 1900 : 2000;
    } else {
      year = year * 100 + digits(what);
    }
    int month = digits(what);
    int day = digits(what);
    int hour = digits(what);
    int minute = digits(what);
    int second = digits(what);
    if (read() != 'Z' || hour > 23 || minute > 59 || second > 59) {
      throw new CrlFormatException(what + " is not a valid UTC time");
    }
    try {
      return LocalDate.of(year, month, day).toEpochDay() * 86_400L
          + hour * 3600L
          + minute * 60L
          + second;
    } catch (DateTimeException e) {
      throw new CrlFormatException(what + " is not a valid date");
    }
  }

  private int digits(String what) throws IOException {
    int high = read() - '0';
    int low = read() - '0';
    if (high < 0 || high > 9 || low < 0 || low > 9) {
      throw new CrlFormatException(what + " holds a non-digit");
    }
    return high * 10 + low;
  }

  static boolean isTime(int tag) {
    return tag == UTC_TIME || tag == GENERALIZED_TIME;
  }

  /** From now on, every consumed byte also goes into {@code target}. */
  void startDigest(MessageDigest target) {
    this.digest = target;
    this.digestFrom = pos;
  }

  void stopDigest() {
    digest.update(buffer, digestFrom, pos - digestFrom);
    digest = null;
  }

  static byte[] encodeLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int count = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    byte[] out = new byte[1 + count];
    out[0] = (byte) (0x80 | count);
    for (int i = 0; i < count; i++) {
      out[count - i] = (byte) (length >>> (8 * i));
    }
    return out;
  }

  private boolean fill() throws IOException {
    if (digest != null) {
      digest.update(buffer, digestFrom, limit - digestFrom);
      digestFrom = 0;
    }
    base += limit;
    pos = 0;
    limit = 0;
    int read;
    do {
      read = in.read(buffer, 0, buffer.length);
    } while (read == 0);
    if (read < 0) {
      return false;
    }
    if (base + read > maxBytes) {
      throw new CrlFormatException(
          "the CRL is larger than the cap of " + maxBytes + " bytes (maxCrlBytes)");
    }
    limit = read;
    return true;
  }
}
