package jp.ishikawa.id.verifier.testpki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * What CRL to issue: by default an empty, fresh, full CRL of the newest root of a purpose. Mutable
 * and fluent.
 */
public final class CrlSpec {

  /**
   * One revoked certificate.
   *
   * @param serial its serial
   * @param revokedAt when it was revoked
   * @param reason an RFC 5280 CRLReason code (1 keyCompromise, 3 affiliationChanged, 4
   *     superseded…), or -1 for no reason extension
   */
  public record Entry(BigInteger serial, Instant revokedAt, int reason) {}

  final Purpose purpose;
  int generation = -1;
  TestRoot signer;
  Instant thisUpdate;
  Instant nextUpdate;
  final List<Entry> entries = new ArrayList<>();
  String distributionPointPrefecture;
  String distributionPointMunicipality;
  String signatureAlgorithm = "SHA256withRSA";
  long number = 1;

  private CrlSpec(Purpose purpose) {
    this.purpose = purpose;
  }

  public static CrlSpec of(Purpose purpose) {
    return new CrlSpec(purpose);
  }

  public CrlSpec generation(int index) {
    this.generation = index;
    return this;
  }

  /** Sign with another root (e.g. a look-alike) instead of the purpose's own. */
  public CrlSpec signer(TestRoot root) {
    this.signer = root;
    return this;
  }

  public CrlSpec updates(Instant thisUpdateTime, Instant nextUpdateTime) {
    this.thisUpdate = thisUpdateTime;
    this.nextUpdate = nextUpdateTime;
    return this;
  }

  public CrlSpec revoke(BigInteger serial, Instant at, int reason) {
    entries.add(new Entry(serial, at, reason));
    return this;
  }

  public CrlSpec revoke(IssuedCertificate certificate, Instant at, int reason) {
    return revoke(certificate.certificate().getSerialNumber(), at, reason);
  }

  /**
   * Make this a partitioned CRL covering one municipality's distribution point (JPKI.md §5), with
   * an issuingDistributionPoint naming it the way card certificates do.
   */
  public CrlSpec distributionPoint(String prefecture, String municipality) {
    this.distributionPointPrefecture = prefecture;
    this.distributionPointMunicipality = municipality;
    return this;
  }

  public CrlSpec signatureAlgorithm(String algorithm) {
    this.signatureAlgorithm = algorithm;
    return this;
  }

  public CrlSpec number(long crlNumber) {
    this.number = crlNumber;
    return this;
  }
}
