package jp.ishikawa.id.verifier.revocation;

import java.math.BigInteger;
import java.time.Duration;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.TrustAnchor;

/**
 * A CRL whose signature a trusted root verified, ready to answer lookups.
 *
 * @param source the file or URL it came from
 * @param anchor the root whose key signed it
 * @param crl what was parsed
 * @param loadTime how long reading, verifying and indexing took
 */
record LoadedCrl(String source, TrustAnchor anchor, ParsedCrl crl, Duration loadTime) {

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
}
