package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Streams one CRL (RFC 5280 §5.1) from DER, or PEM decoded on the fly, into a {@link ParsedCrl}
 * without materialising an {@code X509CRL}: the revoked entries go straight into a {@link
 * RevokedSerials} index and the tbsCertList bytes into SHA-256 for the signature check.
 *
 * <p>Malformed input throws {@link CrlFormatException}. Well-formed CRLs this verifier must not
 * rely on come back with a {@link ParsedCrl#refusal()}: any algorithm but sha256WithRSAEncryption,
 * a CRL without nextUpdate, delta and indirect CRLs, partial-reason CRLs, and any critical
 * extension it does not process (RFC 5280 §5.2, §5.3: such a CRL "MUST NOT" be used).
 */
final class CrlParser {

  private static final byte[] SHA256_WITH_RSA_NULL =
      HexFormat.of().parseHex("300d06092a864886f70d01010b0500");
  private static final byte[] SHA256_WITH_RSA_ABSENT =
      HexFormat.of().parseHex("300b06092a864886f70d01010b");
  private static final byte[] REASON_CODE = {0x55, 0x1d, 0x15};
  private static final byte[] INVALIDITY_DATE = {0x55, 0x1d, 0x18};
  private static final byte[] CERTIFICATE_ISSUER = {0x55, 0x1d, 0x1d};
  private static final byte[] AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1d, 0x23};
  private static final byte[] CRL_NUMBER = {0x55, 0x1d, 0x14};
  private static final byte[] ISSUING_DISTRIBUTION_POINT = {0x55, 0x1d, 0x1c};
  private static final byte[] DELTA_CRL_INDICATOR = {0x55, 0x1d, 0x1b};
  private static final int MAX_SERIAL_BYTES = 64;

  private final DerInput in;
  private final long maxBytes;
  private final byte[] oid = new byte[64];
  private String refusal;
  private BigInteger crlNumber;
  private byte[] authorityKeyId;
  private final List<X500Principal> distributionPoints = new ArrayList<>();
  private boolean onlyUser;
  private boolean onlyCa;

  private CrlParser(DerInput in, long maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** Parses one CRL, DER or PEM, of at most {@code maxBytes} DER bytes; nothing may follow it. */
  static ParsedCrl parse(InputStream raw, long maxBytes) throws IOException {
    InputStream der = PemCrlStream.derOf(raw);
    return new CrlParser(new DerInput(der, maxBytes), maxBytes).crl();
  }

  private ParsedCrl crl() throws IOException {
    long outerLength = in.header(DerInput.SEQUENCE, "CertificateList", Long.MAX_VALUE);
    long outerEnd = in.position() + outerLength;
    if (outerEnd > maxBytes) {
      throw new CrlFormatException(
          "the CRL declares "
              + outerEnd
              + " bytes, more than the cap of "
              + maxBytes
              + " bytes (maxCrlBytes)");
    }
    MessageDigest sha256 = sha256();
    in.startDigest(sha256);
    long tbsEnd = in.header(DerInput.SEQUENCE, "tbsCertList", outerEnd) + in.position();
    if (in.peek() == DerInput.INTEGER) {
      byte[] version = in.content(DerInput.INTEGER, "version", tbsEnd, 4);
      if (version.length != 1 || version[0] != 1) {
        refuse("CRL version " + new BigInteger(version) + " is not v2 (1)");
      }
    }
    byte[] innerAlgorithm = in.element(DerInput.SEQUENCE, "signature", tbsEnd, 256);
    byte[] issuerDer = in.element(DerInput.SEQUENCE, "issuer", tbsEnd, 8192);
    X500Principal issuer;
    try {
      issuer = new X500Principal(issuerDer);
    } catch (IllegalArgumentException e) {
      throw new CrlFormatException("issuer is not a valid X.500 name");
    }
    long thisUpdate = in.time("thisUpdate", tbsEnd);
    Instant nextUpdate = null;
    if (in.position() < tbsEnd && DerInput.isTime(in.peek())) {
      nextUpdate = Instant.ofEpochSecond(in.time("nextUpdate", tbsEnd));
    }
    RevokedSerials.Builder revoked;
    if (in.position() < tbsEnd && in.peek() == DerInput.SEQUENCE) {
      long length = in.header(DerInput.SEQUENCE, "revokedCertificates", tbsEnd);
      revoked = RevokedSerials.builder((int) Math.min(length / 36 + 16, 1 << 24));
      entries(in.position() + length, revoked);
    } else {
      revoked = RevokedSerials.builder(0);
    }
    if (in.position() < tbsEnd && in.peek() == DerInput.CONTEXT_0) {
      crlExtensions(tbsEnd);
    }
    if (in.position() != tbsEnd) {
      throw new CrlFormatException("unexpected data at byte " + in.position() + " in tbsCertList");
    }
    in.stopDigest();
    byte[] outerAlgorithm = in.element(DerInput.SEQUENCE, "signatureAlgorithm", outerEnd, 256);
    byte[] bits = in.content(DerInput.BIT_STRING, "signatureValue", outerEnd, 2049);
    if (bits.length < 2 || bits[0] != 0) {
      throw new CrlFormatException("signatureValue is not a whole number of bytes");
    }
    if (in.position() != outerEnd) {
      throw new CrlFormatException("unexpected data at byte " + in.position() + " in the CRL");
    }
    if (in.peek() != -1) {
      throw new CrlFormatException("trailing data after the CRL at byte " + in.position());
    }
    checkAlgorithm(innerAlgorithm, outerAlgorithm);
    if (nextUpdate == null) {
      refuse("the CRL has no nextUpdate, so its freshness cannot be judged (RFC 5280 §5.1.2.5)");
    } else if (nextUpdate.getEpochSecond() < thisUpdate) {
      refuse("nextUpdate " + nextUpdate + " is before thisUpdate");
    }
    return new ParsedCrl(
        issuer,
        Instant.ofEpochSecond(thisUpdate),
        nextUpdate,
        crlNumber,
        authorityKeyId,
        List.copyOf(distributionPoints),
        onlyUser,
        onlyCa,
        revoked.build(),
        sha256.digest(),
        Arrays.copyOfRange(bits, 1, bits.length),
        refusal);
  }

  /** The hot loop: one revokedCertificates entry per iteration, no allocation for JPKI serials. */
  private void entries(long end, RevokedSerials.Builder out) throws IOException {
    while (in.position() < end) {
      long entryEnd = in.header(DerInput.SEQUENCE, "revoked entry", end) + in.position();
      int length = (int) in.header(DerInput.INTEGER, "revoked serial", entryEnd);
      if (length == 0 || length > MAX_SERIAL_BYTES) {
        throw new CrlFormatException(
            "a revoked serial of " + length + " bytes at byte " + in.position());
      }
      long small = 0;
      BigInteger large = null;
      if (length <= 8) {
        int first = in.read();
        small = (byte) first; // sign-extends: a negative serial stays negative
        for (int i = 1; i < length; i++) {
          small = (small << 8) | in.read();
        }
      } else {
        large = new BigInteger(in.bytes(length));
      }
      long revokedAt = in.time("revocationDate", entryEnd);
      int reason = RevokedSerials.NO_REASON;
      if (in.position() < entryEnd) {
        reason = entryExtensions(entryEnd);
      }
      if (in.position() != entryEnd) {
        throw new CrlFormatException("unexpected data at byte " + in.position() + " in an entry");
      }
      if (large == null && small >= 0) {
        out.add(small, revokedAt, reason);
      } else {
        out.addOverflow(large != null ? large : BigInteger.valueOf(small), revokedAt, reason);
      }
    }
    if (in.position() != end) {
      throw new CrlFormatException("revokedCertificates overruns at byte " + in.position());
    }
  }

  private int entryExtensions(long entryEnd) throws IOException {
    int reason = RevokedSerials.NO_REASON;
    long end = in.header(DerInput.SEQUENCE, "crlEntryExtensions", entryEnd) + in.position();
    while (in.position() < end) {
      long extensionEnd = in.header(DerInput.SEQUENCE, "entry extension", end) + in.position();
      int oidLength = readOid(extensionEnd);
      boolean critical = critical(extensionEnd);
      long valueEnd = in.header(DerInput.OCTET_STRING, "entry extension", extensionEnd);
      valueEnd += in.position();
      if (is(REASON_CODE, oidLength)) {
        if (in.header(DerInput.ENUMERATED, "reasonCode", valueEnd) != 1) {
          throw new CrlFormatException("reasonCode is not a one-byte ENUMERATED");
        }
        reason = in.read();
        if (reason > 10 || reason == 7) {
          throw new CrlFormatException("reasonCode " + reason + " is not a CRLReason");
        }
      } else if (is(CERTIFICATE_ISSUER, oidLength)) {
        refuse("indirect CRLs (certificateIssuer entry extension) are not supported");
        in.skip(valueEnd - in.position());
      } else {
        if (critical && !is(INVALIDITY_DATE, oidLength)) {
          refuse("unsupported critical entry extension " + oidName(oidLength));
        }
        in.skip(valueEnd - in.position());
      }
      if (in.position() != extensionEnd) {
        throw new CrlFormatException("malformed entry extension at byte " + in.position());
      }
    }
    return reason;
  }

  private void crlExtensions(long tbsEnd) throws IOException {
    long end = in.header(DerInput.CONTEXT_0, "crlExtensions", tbsEnd) + in.position();
    long listEnd = in.header(DerInput.SEQUENCE, "crlExtensions", end) + in.position();
    Set<String> seen = new HashSet<>();
    while (in.position() < listEnd) {
      long extensionEnd = in.header(DerInput.SEQUENCE, "CRL extension", listEnd) + in.position();
      int oidLength = readOid(extensionEnd);
      boolean critical = critical(extensionEnd);
      byte[] value = in.content(DerInput.OCTET_STRING, "CRL extension", extensionEnd, 1 << 16);
      if (in.position() != extensionEnd) {
        throw new CrlFormatException("malformed CRL extension at byte " + in.position());
      }
      String name = oidName(oidLength);
      if (!seen.add(name)) {
        throw new CrlFormatException("CRL extension " + name + " appears twice");
      }
      try {
        crlExtension(oidLength, critical, value, name);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // BouncyCastle reports malformed ASN.1 this way.
        throw new CrlFormatException("malformed CRL extension " + name + ": " + e.getMessage());
      }
    }
    if (in.position() != end) {
      throw new CrlFormatException("crlExtensions overrun at byte " + in.position());
    }
  }

  private void crlExtension(int oidLength, boolean critical, byte[] value, String name) {
    if (is(AUTHORITY_KEY_IDENTIFIER, oidLength)) {
      authorityKeyId = AuthorityKeyIdentifier.getInstance(value).getKeyIdentifierOctets();
    } else if (is(CRL_NUMBER, oidLength)) {
      crlNumber = CRLNumber.getInstance(value).getCRLNumber();
    } else if (is(ISSUING_DISTRIBUTION_POINT, oidLength)) {
      issuingDistributionPoint(IssuingDistributionPoint.getInstance(value));
    } else if (is(DELTA_CRL_INDICATOR, oidLength)) {
      refuse("delta CRLs are not supported");
    } else if (critical) {
      refuse("unsupported critical CRL extension " + name);
    }
  }

  private void issuingDistributionPoint(IssuingDistributionPoint idp) {
    if (idp.isIndirectCRL()) {
      refuse("indirect CRLs are not supported");
    }
    if (idp.getOnlySomeReasons() != null) {
      refuse("CRLs scoped to some reasons (onlySomeReasons) are not supported");
    }
    if (idp.onlyContainsAttributeCerts()) {
      refuse("attribute certificate CRLs are not supported");
    }
    onlyUser = idp.onlyContainsUserCerts();
    onlyCa = idp.onlyContainsCACerts();
    DistributionPointName name = idp.getDistributionPoint();
    if (name == null) {
      return;
    }
    if (name.getType() == DistributionPointName.FULL_NAME) {
      for (GeneralName general :
          org.bouncycastle.asn1.x509.GeneralNames.getInstance(name.getName()).getNames()) {
        if (general.getTagNo() == GeneralName.directoryName) {
          try {
            distributionPoints.add(
                new X500Principal(general.getName().toASN1Primitive().getEncoded()));
          } catch (IOException e) {
            throw new IllegalArgumentException("directoryName cannot be encoded", e);
          }
        }
      }
    }
    if (distributionPoints.isEmpty()) {
      refuse(
          "issuingDistributionPoint names no directoryName; only X.500 distribution point"
              + " names (as JPKI uses) are supported");
    }
  }

  private void checkAlgorithm(byte[] inner, byte[] outer) throws CrlFormatException {
    if (!Arrays.equals(inner, outer)) {
      refuse("signatureAlgorithm differs from tbsCertList.signature (RFC 5280 §5.1.1.2)");
      return;
    }
    if (Arrays.equals(inner, SHA256_WITH_RSA_NULL)
        || Arrays.equals(inner, SHA256_WITH_RSA_ABSENT)) {
      return;
    }
    ASN1ObjectIdentifier algorithm;
    try {
      algorithm = AlgorithmIdentifier.getInstance(inner).getAlgorithm();
    } catch (IllegalArgumentException e) {
      throw new CrlFormatException("signature algorithm is not an AlgorithmIdentifier");
    }
    refuse(
        "signed with "
            + new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm)
            + " ("
            + algorithm.getId()
            + "); only sha256WithRSAEncryption is accepted");
  }

  private int readOid(long end) throws IOException {
    long length = in.header(DerInput.OID, "extension id", end);
    if (length == 0 || length > oid.length) {
      throw new CrlFormatException("an extension id of " + length + " bytes");
    }
    for (int i = 0; i < length; i++) {
      oid[i] = (byte) in.read();
    }
    return (int) length;
  }

  private boolean critical(long end) throws IOException {
    if (in.position() < end && in.peek() == DerInput.BOOLEAN) {
      byte[] value = in.content(DerInput.BOOLEAN, "critical", end, 1);
      return value.length == 1 && value[0] != 0;
    }
    return false;
  }

  private boolean is(byte[] expected, int length) {
    return Arrays.equals(oid, 0, length, expected, 0, expected.length);
  }

  private String oidName(int length) {
    byte[] encoded = new byte[length + 2];
    encoded[0] = DerInput.OID;
    encoded[1] = (byte) length;
    System.arraycopy(oid, 0, encoded, 2, length);
    try {
      return ASN1ObjectIdentifier.getInstance(encoded).getId();
    } catch (IllegalArgumentException e) {
      return "(malformed id " + HexFormat.of().formatHex(oid, 0, length) + ")";
    }
  }

  private void refuse(String reason) {
    if (refusal == null) {
      refusal = reason;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
