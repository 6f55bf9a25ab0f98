package jp.ishikawa.id.verifier.testpki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.Purpose;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What card certificate to issue: by default exactly the JPKI profile (JPKI.md §3, §4), with a knob
 * for every defect the verifier must catch. Mutable and fluent; one spec per certificate.
 */
public final class LeafSpec {

  final Purpose purpose;
  int generation = -1;
  TestRoot issuer;
  TestRoot authorityKeyIdentifierOf;
  boolean omitAuthorityKeyIdentifier;
  BigInteger serial;
  Instant notBefore;
  Instant notAfter;
  String subjectSerialName;
  String municipalityCode = "17201";
  String prefecture = "Ishikawa-ken";
  String municipality = "Kanazawa-shi";
  KeyPair keyPair;
  int keyBits = 2048;
  BigInteger publicExponent = BigInteger.valueOf(65537);
  String signatureAlgorithm = "SHA256withRSA";
  boolean version1;
  Integer keyUsage;
  boolean keyUsageCritical = true;
  boolean omitKeyUsage;
  List<String> extendedKeyUsage;
  List<String> policies;
  boolean policiesCritical = true;
  boolean omitPolicies;
  final List<String> unknownCriticalExtensions = new ArrayList<>();
  boolean certificateAuthority;
  TestFacts facts;
  boolean omitFacts;
  String ocspUrl = "http://ocspauthnorm.jpki.go.jp";

  private LeafSpec(Purpose purpose) {
    this.purpose = purpose;
    if (purpose == Purpose.LOGIN) {
      extendedKeyUsage = List.of(JpkiOids.CLIENT_AUTH);
      policies = List.of(JpkiOids.AUTHENTICATION_POLICY);
    } else {
      extendedKeyUsage = List.of();
      policies = List.of(JpkiOids.SIGNATURE_POLICY);
      facts = TestFacts.defaults();
    }
  }

  /** An authentication certificate (利用者証明用電子証明書). */
  public static LeafSpec authentication() {
    return new LeafSpec(Purpose.LOGIN);
  }

  /** A signature certificate (署名用電子証明書) carrying {@link TestFacts#defaults()}. */
  public static LeafSpec signature() {
    return new LeafSpec(Purpose.IDENTITY);
  }

  public static LeafSpec of(Purpose purpose) {
    return new LeafSpec(purpose);
  }

  public Purpose purpose() {
    return purpose;
  }

  /** Issue under root generation {@code index} (0 = oldest); the newest by default. */
  public LeafSpec generation(int index) {
    this.generation = index;
    return this;
  }

  /** Issue under another root, e.g. a {@link TestPki#lookAlike look-alike}. */
  public LeafSpec issuer(TestRoot root) {
    this.issuer = Objects.requireNonNull(root);
    return this;
  }

  /** Put {@code root}'s key identifier in the AKI, whoever signs: a forged AKI. */
  public LeafSpec authorityKeyIdentifierOf(TestRoot root) {
    this.authorityKeyIdentifierOf = Objects.requireNonNull(root);
    return this;
  }

  public LeafSpec omitAuthorityKeyIdentifier() {
    this.omitAuthorityKeyIdentifier = true;
    return this;
  }

  /** The serial; a random positive 4-byte integer by default, as on real cards. */
  public LeafSpec serial(long value) {
    this.serial = BigInteger.valueOf(value);
    return this;
  }

  public LeafSpec serial(BigInteger value) {
    this.serial = value;
    return this;
  }

  public LeafSpec validity(Instant from, Instant until) {
    this.notBefore = from;
    this.notAfter = until;
    return this;
  }

  /** The municipality the CN, the CRL distribution point and the subject name point at. */
  public LeafSpec municipality(String code, String prefectureName, String municipalityName) {
    this.municipalityCode = code;
    this.prefecture = prefectureName;
    this.municipality = municipalityName;
    return this;
  }

  /** The 23-character CN; a random one with the municipality code at positions 15–19 by default. */
  public LeafSpec subjectSerialName(String cn) {
    this.subjectSerialName = cn;
    return this;
  }

  /** Use these keys instead of fresh RSA-2048 ones (tests reuse keys to save time). */
  public LeafSpec keyPair(KeyPair keys) {
    this.keyPair = keys;
    return this;
  }

  public LeafSpec keyBits(int bits) {
    this.keyBits = bits;
    return this;
  }

  public LeafSpec publicExponent(long exponent) {
    this.publicExponent = BigInteger.valueOf(exponent);
    return this;
  }

  /** The algorithm the issuer signs the certificate with; SHA256withRSA by default. */
  public LeafSpec signatureAlgorithm(String algorithm) {
    this.signatureAlgorithm = algorithm;
    return this;
  }

  /** An X.509 version 1 certificate, without any extension. */
  public LeafSpec version1() {
    this.version1 = true;
    return this;
  }

  /**
   * keyUsage bits as BouncyCastle's {@link KeyUsage} constants, e.g. {@code
   * KeyUsage.keyEncipherment}.
   */
  public LeafSpec keyUsage(int bits) {
    this.keyUsage = bits;
    return this;
  }

  public LeafSpec keyUsageCritical(boolean critical) {
    this.keyUsageCritical = critical;
    return this;
  }

  public LeafSpec omitKeyUsage() {
    this.omitKeyUsage = true;
    return this;
  }

  /** extKeyUsage purposes; an empty list leaves the extension out. */
  public LeafSpec extendedKeyUsage(String... oids) {
    this.extendedKeyUsage = List.of(oids);
    return this;
  }

  public LeafSpec policies(String... oids) {
    this.policies = List.of(oids);
    return this;
  }

  public LeafSpec policiesCritical(boolean critical) {
    this.policiesCritical = critical;
    return this;
  }

  public LeafSpec omitPolicies() {
    this.omitPolicies = true;
    return this;
  }

  /** Add a critical extension no verifier knows (its value is an empty SEQUENCE). */
  public LeafSpec unknownCriticalExtension(String oid) {
    this.unknownCriticalExtensions.add(oid);
    return this;
  }

  /** basicConstraints CA:TRUE: a CA certificate posing as a card. */
  public LeafSpec certificateAuthority() {
    this.certificateAuthority = true;
    return this;
  }

  /** The basic facts of a signature certificate. */
  public LeafSpec facts(TestFacts newFacts) {
    this.facts = Objects.requireNonNull(newFacts);
    return this;
  }

  /** A signature certificate without the basic facts in its subjectAltName. */
  public LeafSpec omitFacts() {
    this.omitFacts = true;
    return this;
  }

  /** The OCSP URL in the AIA extension; null leaves AIA out. */
  public LeafSpec ocspUrl(String url) {
    this.ocspUrl = url;
    return this;
  }

  int defaultKeyUsage() {
    return purpose == Purpose.LOGIN
        ? KeyUsage.digitalSignature
        : KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
  }
}
