package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * A CRL whose signature a trusted root verified, ready to answer lookups.
 *
 * @param source the file or URL it came from
 * @param anchor the root whose key signed it
 * @param crl what was parsed
 * @param loadTime how long reading, verifying and indexing took
 */
record LoadedCrl(String source, TrustAnchor anchor, ParsedCrl crl, Duration loadTime) {

  /**
   * Whether this CRL's scope includes a certificate with these CRL distribution point names (RFC
   * 5280 §6.3.3 (b)(2)): a CRL without an issuingDistributionPoint name covers every certificate of
   * its issuer; a partitioned CRL covers only certificates that name one of its distribution
   * points.
   */
  boolean covers(List<X500Principal> certificateDistributionPoints, boolean certificateIsCa) {
    if ((crl.onlyUserCertificates() && certificateIsCa)
        || (crl.onlyCaCertificates() && !certificateIsCa)) {
      return false;
    }
    if (crl.distributionPoints().isEmpty()) {
      return true;
    }
    for (X500Principal name : certificateDistributionPoints) {
      if (crl.distributionPoints().contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** Issued later than {@code other}: by thisUpdate, then by CRL number. */
  boolean newerThan(LoadedCrl other) {
    int byTime = crl.thisUpdate().compareTo(other.crl.thisUpdate());
    if (byTime != 0) {
      return byTime > 0;
    }
    BigInteger mine = crl.crlNumber() == null ? BigInteger.ZERO : crl.crlNumber();
    BigInteger theirs = other.crl.crlNumber() == null ? BigInteger.ZERO : other.crl.crlNumber();
    return mine.compareTo(theirs) > 0;
  }

  CrlInfo info(String error) {
    return new CrlInfo(
        source,
        crl.issuer().getName(X500Principal.RFC2253),
        crl.thisUpdate(),
        crl.nextUpdate(),
        crl.revoked().size(),
        crl.distributionPointName(),
        anchor.info().label(),
        loadTime,
        error);
  }

  /** What a CRL that is not used shows operators: what could be read, and why it failed. */
  static CrlInfo failed(String source, ParsedCrl crl, Duration loadTime, String error) {
    if (crl == null) {
      return new CrlInfo(source, null, null, null, 0, null, CrlInfo.NOT_CHECKED, loadTime, error);
    }
    return new CrlInfo(
        source,
        crl.issuer().getName(X500Principal.RFC2253),
        crl.thisUpdate(),
        crl.nextUpdate(),
        crl.revoked().size(),
        crl.distributionPointName(),
        CrlInfo.NOT_CHECKED,
        loadTime,
        error);
  }

  /**
   * The X.500 names of a certificate's cRLDistributionPoints fullNames (JPKI cards carry one per
   * municipality, JPKI.md §3); empty when it has none.
   *
   * @throws IllegalArgumentException when the extension is malformed
   */
  static List<X500Principal> distributionPoints(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
    if (value == null) {
      return List.of();
    }
    List<X500Principal> names = new ArrayList<>(1);
    CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets());
    for (DistributionPoint point : points.getDistributionPoints()) {
      DistributionPointName name = point.getDistributionPoint();
      if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
        continue;
      }
      for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
        if (general.getTagNo() == GeneralName.directoryName) {
          try {
            names.add(new X500Principal(general.getName().toASN1Primitive().getEncoded()));
          } catch (IOException e) {
            throw new IllegalArgumentException("a distribution point name cannot be encoded", e);
          }
        }
      }
    }
    return names;
  }
}
