package jp.ishikawa.id.verifier.revocation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The serial numbers one CRL lists, with revocation date and reason, indexed compactly: JPKI
 * serials are positive 4-byte integers (JPKI.md §3), so they live in a sorted {@code int[]}
 * searched by binary search, with parallel arrays for the date (unsigned epoch seconds) and the RFC
 * 5280 §5.3.1 reason code. About 9 bytes per entry instead of a few hundred for an {@code
 * X509CRLEntry}: a municipality's CRL can list hundreds of thousands of certificates. Serials or
 * dates that do not fit go to a small overflow map. Immutable once built.
 *
 * <p>Public so that benchmarks and operator tools can measure and query it; {@link CrlStore} is the
 * way to check a certificate.
 */
public final class RevokedSerials {

  /** The reason code stored when an entry has no reasonCode extension. */
  public static final int NO_REASON = -1;

  private static final long SIGN_FLIP = 0x8000_0000L;

  private final int[] serials;
  private final int bucketShift;
  private final int[] bucketStarts;
  private final int[] dates;
  private final byte[] reasons;
  private final Map<BigInteger, Integer> overflowIndex;
  private final long[] overflowDates;
  private final byte[] overflowReasons;

  private RevokedSerials(
      int[] serials,
      int[] dates,
      byte[] reasons,
      Map<BigInteger, Integer> overflowIndex,
      long[] overflowDates,
      byte[] overflowReasons) {
    this.serials = serials;
    // Buckets by the top bits of the serial, about 8 to 16 entries each, so that a lookup searches
    // a few neighbouring entries instead of touching ~20 cache lines of a large array.
    int bits =
        serials.length < 64 ? 0 : Math.min(16, 28 - Integer.numberOfLeadingZeros(serials.length));
    this.bucketShift = 32 - bits;
    this.bucketStarts = new int[(1 << bits) + 1];
    for (int key : serials) {
      bucketStarts[bucket(key) + 1]++;
    }
    for (int i = 1; i < bucketStarts.length; i++) {
      bucketStarts[i] += bucketStarts[i - 1];
    }
    this.dates = dates;
    this.reasons = reasons;
    this.overflowIndex = overflowIndex;
    this.overflowDates = overflowDates;
    this.overflowReasons = overflowReasons;
  }

  /** How many entries the CRL listed. */
  public int size() {
    return serials.length + overflowDates.length;
  }

  /** How many entries did not fit the compact arrays. */
  public int overflowSize() {
    return overflowDates.length;
  }

  /**
   * Where {@code serial} is listed: a non-negative position for {@link #revokedAt(int)} and {@link
   * #reasonCode(int)}, or -1 when the CRL does not list it.
   */
  public int indexOf(BigInteger serial) {
    if (serial.signum() >= 0 && serial.bitLength() <= 32) {
      int key = (int) (serial.longValue() ^ SIGN_FLIP);
      int bucket = bucket(key);
      int found = Arrays.binarySearch(serials, bucketStarts[bucket], bucketStarts[bucket + 1], key);
      if (found >= 0 || overflowDates.length == 0) {
        return found >= 0 ? found : -1;
      }
    }
    Integer overflow = overflowIndex.get(serial);
    return overflow == null ? -1 : serials.length + overflow;
  }

  /** The bucket of a stored key: the top bits of the unsigned serial. */
  private int bucket(int key) {
    return bucketShift == 32 ? 0 : (key ^ Integer.MIN_VALUE) >>> bucketShift;
  }

  /** When the entry at {@code index} was revoked. */
  public Instant revokedAt(int index) {
    if (index < serials.length) {
      return Instant.ofEpochSecond(Integer.toUnsignedLong(dates[index]));
    }
    return Instant.ofEpochSecond(overflowDates[index - serials.length]);
  }

  /** The RFC 5280 CRLReason code of the entry at {@code index}, or {@link #NO_REASON}. */
  public int reasonCode(int index) {
    return index < serials.length ? reasons[index] : overflowReasons[index - serials.length];
  }

  /** The RFC 5280 §5.3.1 name of a CRLReason code, or null for {@link #NO_REASON}. */
  public static String reasonName(int code) {
    return code == NO_REASON ? null : CrlReasons.name(code);
  }

  /**
   * Starts an index for about {@code expectedEntries} entries (a hint; it grows as needed). The CRL
   * parser fills one while streaming; benchmarks may fill one directly.
   */
  public static Builder builder(int expectedEntries) {
    return new Builder(expectedEntries);
  }

  /** Collects entries in CRL order; {@link #build()} sorts them once. */
  public static final class Builder {
    private int[] serials;
    private int[] dates;
    private byte[] reasons;
    private int size;
    private boolean sorted = true;
    private final Map<BigInteger, Integer> overflowIndex = new HashMap<>();
    private long[] overflowDates = new long[4];
    private byte[] overflowReasons = new byte[4];
    private int overflowSize;

    private Builder(int expectedEntries) {
      int capacity = Math.max(16, expectedEntries);
      serials = new int[capacity];
      dates = new int[capacity];
      reasons = new byte[capacity];
    }

    /** Adds an entry whose serial is the non-negative {@code magnitude} (below 2^63). */
    public void add(long magnitude, long epochSeconds, int reason) {
      if (magnitude >= 0
          && magnitude <= 0xFFFF_FFFFL
          && epochSeconds >= 0
          && epochSeconds <= 0xFFFF_FFFFL) {
        if (size == serials.length) {
          int capacity = size + (size >> 1) + 16;
          serials = Arrays.copyOf(serials, capacity);
          dates = Arrays.copyOf(dates, capacity);
          reasons = Arrays.copyOf(reasons, capacity);
        }
        int key = (int) (magnitude ^ SIGN_FLIP);
        if (size > 0 && key < serials[size - 1]) {
          sorted = false;
        }
        serials[size] = key;
        dates[size] = (int) epochSeconds;
        reasons[size] = (byte) reason;
        size++;
      } else {
        addOverflow(BigInteger.valueOf(magnitude), epochSeconds, reason);
      }
    }

    /** Adds an entry whose serial does not fit 4 unsigned bytes (or whose date does not). */
    public void addOverflow(BigInteger serial, long epochSeconds, int reason) {
      int index = overflowSize++;
      if (index == overflowDates.length) {
        overflowDates = Arrays.copyOf(overflowDates, index * 2);
        overflowReasons = Arrays.copyOf(overflowReasons, index * 2);
      }
      overflowIndex.putIfAbsent(serial, index);
      overflowDates[index] = epochSeconds;
      overflowReasons[index] = (byte) reason;
    }

    public int size() {
      return size + overflowSize;
    }

    /** The immutable index; the builder must not be used afterwards. */
    public RevokedSerials build() {
      int[] keys = Arrays.copyOf(serials, size);
      int[] revokedDates = Arrays.copyOf(dates, size);
      byte[] codes = Arrays.copyOf(reasons, size);
      serials = null;
      dates = null;
      reasons = null;
      if (!sorted) {
        // Real CRLs list entries in revocation order, not serial order: sort the three arrays
        // together by packing (serial, original position) into one long per entry.
        long[] order = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
          order[i] = ((long) keys[i] << 32) | i;
        }
        Arrays.sort(order);
        int[] sortedKeys = new int[keys.length];
        int[] sortedDates = new int[keys.length];
        byte[] sortedCodes = new byte[keys.length];
        for (int i = 0; i < order.length; i++) {
          int from = (int) order[i];
          sortedKeys[i] = keys[from];
          sortedDates[i] = revokedDates[from];
          sortedCodes[i] = codes[from];
        }
        keys = sortedKeys;
        revokedDates = sortedDates;
        codes = sortedCodes;
      }
      return new RevokedSerials(
          keys,
          revokedDates,
          codes,
          Map.copyOf(overflowIndex),
          Arrays.copyOf(overflowDates, overflowSize),
          Arrays.copyOf(overflowReasons, overflowSize));
    }
  }
}
