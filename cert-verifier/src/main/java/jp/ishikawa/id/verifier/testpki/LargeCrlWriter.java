package jp.ishikawa.id.verifier.testpki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jp.ishikawa.id.verifier.path.TrustStore;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * Writes a signed DER CRL with any number of entries straight to a stream, without holding it in
 * memory: what a J-LIS CRL of a large municipality looks like to the CRL store's parser and
 * benchmarks. Every entry has the same size (a 4-byte serial, a UTCTime and a reasonCode), so all
 * lengths are known up front and the signature is computed while writing.
 *
 * <p>Entries are written in a scrambled order, as real CRLs list them by revocation time; the
 * {@code k}-th serial in serial order is {@link #revokedSerial(int)}, and {@link
 * #unrevokedSerial(int)} lies just after it and is never listed.
 */
public final class LargeCrlWriter {

  private static final long FIRST_SERIAL = 0x0100_0000L;
  private static final long SERIAL_SPACE = 0x7f00_0000L - 2;
  private static final int ENTRY_BYTES = 37;
  private static final int[] REASONS = {1, 3, 4};
  private static final long SCRAMBLE = 1_000_003L;
  private static final byte[] SHA256_WITH_RSA =
      HexFormat.of().parseHex("300d06092a864886f70d01010b0500");

  private final TestRoot signer;
  private final int entries;
  private final long step;
  private final long scramble;
  private Instant thisUpdate;
  private Instant nextUpdate;
  private long number = 1;
  private X500Name distributionPoint;

  private LargeCrlWriter(TestRoot signer, int entries, Instant thisUpdate) {
    if (entries < 0 || (entries > 0 && SERIAL_SPACE / entries < 2)) {
      throw new IllegalArgumentException("between 0 and " + SERIAL_SPACE / 2 + " entries");
    }
    this.signer = signer;
    this.entries = entries;
    this.step = entries == 0 ? 2 : SERIAL_SPACE / entries;
    long multiplier = SCRAMBLE;
    while (entries > 0
        && BigInteger.valueOf(multiplier).gcd(BigInteger.valueOf(entries)).intValue() != 1) {
      multiplier += 2;
    }
    this.scramble = multiplier;
    this.thisUpdate = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
    this.nextUpdate = this.thisUpdate.plus(Duration.ofDays(1));
  }

  /**
   * A CRL of {@code entries} entries signed by {@code signer}, valid for a day from {@code
   * thisUpdate}.
   */
  public static LargeCrlWriter of(TestRoot signer, int entries, Instant thisUpdate) {
    return new LargeCrlWriter(signer, entries, thisUpdate);
  }

  public LargeCrlWriter updates(Instant thisUpdateTime, Instant nextUpdateTime) {
    this.thisUpdate = thisUpdateTime;
    this.nextUpdate = nextUpdateTime;
    return this;
  }

  /**
   * Make it a partitioned CRL with an issuingDistributionPoint naming {@code name}, e.g. {@link
   * TestPki#crlDistributionPointName}.
   */
  public LargeCrlWriter distributionPoint(X500Name name) {
    this.distributionPoint = name;
    return this;
  }

  public LargeCrlWriter number(long crlNumber) {
    this.number = crlNumber;
    return this;
  }

  public int entries() {
    return entries;
  }

  /** The {@code k}-th revoked serial in serial order (0 ≤ k < entries). */
  public BigInteger revokedSerial(int k) {
    return BigInteger.valueOf(serial(k));
  }

  /** A serial just after the {@code k}-th revoked one, which the CRL does not list. */
  public BigInteger unrevokedSerial(int k) {
    return BigInteger.valueOf(serial(k) + 1);
  }

  /** When the {@code k}-th revoked serial was revoked (whole seconds). */
  public Instant revokedAt(int k) {
    return thisUpdate.minusSeconds(3600 + k % (365 * 86_400L));
  }

  /**
   * The reasonCode of the {@code k}-th revoked serial: keyCompromise, affiliationChanged or
   * superseded.
   */
  public int reasonCode(int k) {
    return REASONS[k % REASONS.length];
  }

  /** Writes the CRL; {@code out} is not closed. */
  public void writeTo(OutputStream out) throws IOException {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(signer.keyPair().getPrivate());
      byte[] issuer = signer.certificate().getSubjectX500Principal().getEncoded();
      byte[] extensions = tagged(0xa0, extensions());
      long revokedLength = (long) entries * ENTRY_BYTES;
      byte[] revokedHeader = header(0x30, revokedLength);
      long tbsContent =
          3
              + SHA256_WITH_RSA.length
              + issuer.length
              + 15
              + 15
              + (entries == 0 ? 0 : revokedHeader.length + revokedLength)
              + extensions.length;
      byte[] tbsHeader = header(0x30, tbsContent);
      int signatureBytes =
          (((RSAPublicKey) signer.keyPair().getPublic()).getModulus().bitLength() + 7) / 8;
      long outerContent =
          tbsHeader.length
              + tbsContent
              + SHA256_WITH_RSA.length
              + 1
              + header(0x03, signatureBytes + 1L).length
              + signatureBytes;
      out.write(header(0x30, outerContent));
      Tee tbs = new Tee(out, signature);
      tbs.write(tbsHeader);
      tbs.write(new byte[] {0x02, 0x01, 0x01});
      tbs.write(SHA256_WITH_RSA);
      tbs.write(issuer);
      tbs.write(utcTime(thisUpdate));
      tbs.write(utcTime(nextUpdate));
      if (entries > 0) {
        tbs.write(revokedHeader);
        writeEntries(tbs);
      }
      tbs.write(extensions);
      out.write(SHA256_WITH_RSA);
      byte[] value = signature.sign();
      out.write(header(0x03, value.length + 1L));
      out.write(0);
      out.write(value);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the test PKI could not sign a large CRL", e);
    }
  }

  private void writeEntries(Tee tbs) throws IOException, GeneralSecurityException {
    byte[] block = new byte[ENTRY_BYTES * 1024];
    int filled = 0;
    byte[] template =
        HexFormat.of()
            .parseHex(
                // SEQUENCE { INTEGER (4 bytes), UTCTime (12 digits + Z),
                //            Extensions { reasonCode ENUMERATED } }
                "3023"
                    + "020400000000"
                    + "170d"
                    + "00".repeat(12)
                    + "5a"
                    + "300c300a0603551d1504030a0100");
    if (template.length != ENTRY_BYTES) {
      throw new IllegalStateException("entry template of " + template.length + " bytes");
    }
    for (int i = 0; i < entries; i++) {
      int k = (int) ((i * scramble) % entries);
      long serial = serial(k);
      template[4] = (byte) (serial >>> 24);
      template[5] = (byte) (serial >>> 16);
      template[6] = (byte) (serial >>> 8);
      template[7] = (byte) serial;
      putDigits(template, 10, LocalDateTime.ofInstant(revokedAt(k), ZoneOffset.UTC));
      template[ENTRY_BYTES - 1] = (byte) reasonCode(k);
      System.arraycopy(template, 0, block, filled, ENTRY_BYTES);
      filled += ENTRY_BYTES;
      if (filled == block.length) {
        tbs.write(block, filled);
        filled = 0;
      }
    }
    tbs.write(block, filled);
  }

  private long serial(int k) {
    if (k < 0 || k >= entries) {
      throw new IndexOutOfBoundsException("serial " + k + " of " + entries);
    }
    return FIRST_SERIAL + k * step;
  }

  private byte[] extensions() throws IOException {
    byte[] keyId = TrustStore.subjectKeyIdentifier(signer.certificate());
    List<Extension> list = new ArrayList<>();
    list.add(
        new Extension(
            Extension.authorityKeyIdentifier,
            false,
            new DEROctetString(new AuthorityKeyIdentifier(keyId).getEncoded())));
    list.add(
        new Extension(
            Extension.cRLNumber, false, new DEROctetString(new ASN1Integer(number).getEncoded())));
    if (distributionPoint != null) {
      IssuingDistributionPoint idp =
          new IssuingDistributionPoint(
              new DistributionPointName(new GeneralNames(new GeneralName(distributionPoint))),
              false,
              false,
              null,
              false,
              false);
      list.add(
          new Extension(
              Extension.issuingDistributionPoint, true, new DEROctetString(idp.getEncoded())));
    }
    return new Extensions(list.toArray(Extension[]::new)).getEncoded();
  }

  private static byte[] utcTime(Instant time) {
    byte[] out = new byte[15];
    out[0] = 0x17;
    out[1] = 13;
    putDigits(out, 2, LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    out[14] = 'Z';
    return out;
  }

  /** YYMMDDHHMMSS of a UTCTime at {@code offset}. */
  private static void putDigits(byte[] out, int offset, LocalDateTime t) {
    if (t.getYear() < 1950 || t.getYear() > 2049) {
      throw new IllegalArgumentException("UTCTime covers 1950 to 2049, not " + t.getYear());
    }
    int[] fields = {
      t.getYear() % 100,
      t.getMonthValue(),
      t.getDayOfMonth(),
      t.getHour(),
      t.getMinute(),
      t.getSecond()
    };
    for (int i = 0; i < fields.length; i++) {
      out[offset + 2 * i] = (byte) ('0' + fields[i] / 10);
      out[offset + 2 * i + 1] = (byte) ('0' + fields[i] % 10);
    }
  }

  private static byte[] tagged(int tag, byte[] content) {
    byte[] head = header(tag, content.length);
    byte[] out = new byte[head.length + content.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(content, 0, out, head.length, content.length);
    return out;
  }

  private static byte[] header(int tag, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(6);
    out.write(tag);
    if (length < 0x80) {
      out.write((int) length);
    } else {
      int count = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | count);
      for (int i = count - 1; i >= 0; i--) {
        out.write((int) (length >>> (8 * i)));
      }
    }
    return out.toByteArray();
  }

  /** Writes through to the stream and into the signature: the tbsCertList bytes. */
  private record Tee(OutputStream out, Signature signature) {
    void write(byte[] bytes) throws IOException, GeneralSecurityException {
      write(bytes, bytes.length);
    }

    void write(byte[] bytes, int length) throws IOException, GeneralSecurityException {
      signature.update(bytes, 0, length);
      out.write(bytes, 0, length);
    }
  }
}
