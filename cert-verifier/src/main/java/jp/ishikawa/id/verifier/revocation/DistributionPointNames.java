package jp.ishikawa.id.verifier.revocation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The X.500 names in a certificate's cRLDistributionPoints fullNames (RFC 5280 §4.2.1.13), as the
 * DER the certificate carries: JPKI cards name one directory entry per municipality (JPKI.md §3).
 * Read with a few lines of DER walking rather than an ASN.1 library because every revocation check
 * does it, and the raw bytes let {@link CrlStore} find the municipality's CRL by a hash lookup.
 */
final class DistributionPointNames {

  private static final String OID = "2.5.29.31";
  private static final int SEQUENCE = 0x30;
  private static final int OCTET_STRING = 0x04;
  private static final int DISTRIBUTION_POINT = 0xa0;
  private static final int FULL_NAME = 0xa0;
  private static final int DIRECTORY_NAME = 0xa4;

  private DistributionPointNames() {}

  /**
   * The DER of each directoryName (a Name SEQUENCE); empty when the certificate has no
   * cRLDistributionPoints or names no directory.
   *
   * @throws IllegalArgumentException when the extension is not well-formed DER
   */
  static List<byte[]> of(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(OID);
    if (value == null) {
      return List.of();
    }
    List<byte[]> names = new ArrayList<>(1);
    Cursor extension = new Cursor(value, 0, value.length);
    Cursor octets = extension.enter(OCTET_STRING);
    extension.expectEnd();
    Cursor points = octets.enter(SEQUENCE);
    octets.expectEnd();
    while (points.hasMore()) {
      Cursor point = points.enter(SEQUENCE);
      if (point.hasMore() && point.peek() == DISTRIBUTION_POINT) {
        Cursor name = point.enter(DISTRIBUTION_POINT);
        if (name.peek() == FULL_NAME) {
          Cursor generalNames = name.enter(FULL_NAME);
          while (generalNames.hasMore()) {
            if (generalNames.peek() == DIRECTORY_NAME) {
              Cursor directory = generalNames.enter(DIRECTORY_NAME);
              names.add(directory.element(SEQUENCE));
              directory.expectEnd();
            } else {
              generalNames.skip();
            }
          }
        }
      }
    }
    return names;
  }

  /** A DER element range of a byte array: the content of one constructed element. */
  private static final class Cursor {
    private final byte[] data;
    private int position;
    private final int end;

    Cursor(byte[] data, int position, int end) {
      this.data = data;
      this.position = position;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    int peek() {
      if (position >= end) {
        throw new IllegalArgumentException("cRLDistributionPoints: truncated");
      }
      return data[position] & 0xff;
    }

    /** Steps into the element at the cursor, which must have {@code tag}, and past it here. */
    Cursor enter(int tag) {
      int[] span = header(tag);
      position = span[1];
      return new Cursor(data, span[0], span[1]);
    }

    /** The whole element (tag, length, content) at the cursor. */
    byte[] element(int tag) {
      int start = position;
      int[] span = header(tag);
      position = span[1];
      byte[] out = new byte[span[1] - start];
      System.arraycopy(data, start, out, 0, out.length);
      return out;
    }

    void skip() {
      int[] span = header(peek());
      position = span[1];
    }

    void expectEnd() {
      if (position != end) {
        throw new IllegalArgumentException("cRLDistributionPoints: unexpected trailing bytes");
      }
    }

    /** Content start and end of the element at the cursor. */
    private int[] header(int tag) {
      if (peek() != tag) {
        throw new IllegalArgumentException(
            String.format("cRLDistributionPoints: expected tag 0x%02x, found 0x%02x", tag, peek()));
      }
      int at = position + 1;
      if (at >= end) {
        throw new IllegalArgumentException("cRLDistributionPoints: truncated");
      }
      int first = data[at++] & 0xff;
      long length = first;
      if (first > 0x80 && first <= 0x84) {
        length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
          if (at >= end) {
            throw new IllegalArgumentException("cRLDistributionPoints: truncated");
          }
          length = (length << 8) | (data[at++] & 0xff);
        }
      } else if (first >= 0x80) {
        throw new IllegalArgumentException("cRLDistributionPoints: not a DER length");
      }
      if (at + length > end) {
        throw new IllegalArgumentException("cRLDistributionPoints: an element overruns");
      }
      return new int[] {at, (int) (at + length)};
    }
  }
}
