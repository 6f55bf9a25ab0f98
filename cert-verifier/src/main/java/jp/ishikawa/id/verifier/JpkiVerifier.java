package jp.ishikawa.id.verifier;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.input.InputLimits;
import jp.ishikawa.id.verifier.input.InputLimitsCheck;
import jp.ishikawa.id.verifier.jpki.IdentityExtractionCheck;
import jp.ishikawa.id.verifier.model.CredentialKey;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.IssuerFamilyCheck;
import jp.ishikawa.id.verifier.path.PathCheck;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;
import jp.ishikawa.id.verifier.profile.CertificateProfile;
import jp.ishikawa.id.verifier.profile.ProfileCheck;
import jp.ishikawa.id.verifier.revocation.RevocationCheck;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.revocation.RevocationPolicy;
import jp.ishikawa.id.verifier.signature.ProofOfPossessionCheck;
import jp.ishikawa.id.verifier.time.ValidityCheck;

/**
 * Verifies that a My Number card signed a message, and that its certificate is good right now.
 *
 * <p>The checks run in this fixed order; the first failure ends verification with its reason:
 *
 * <ol>
 *   <li>{@link InputLimitsCheck}: size caps, DER only, exactly one certificate;
 *   <li>{@link IssuerFamilyCheck}: authentication CA for login, signature CA for identity, test
 *       roots only when allowed;
 *   <li>{@link PathCheck}: the configured root chosen by key identifier and signature;
 *   <li>{@link ValidityCheck}: certificate and root valid at the clock's time, with skew;
 *   <li>{@link ProfileCheck}: RSA-2048/e=65537, keyUsage, clientAuth, critical policy, no unknown
 *       critical extension;
 *   <li>{@link ProofOfPossessionCheck}: SHA256withRSA over the exact message the server built;
 *   <li>{@link RevocationCheck}: the configured {@link RevocationChecker}, failing closed;
 *   <li>{@link IdentityExtractionCheck}: the credential key, and for identity the basic facts.
 * </ol>
 *
 * <p>A certificate that passed every check is remembered by its SHA-256 fingerprint (bounded, see
 * {@link Builder#rememberedCertificates(int)}): on the next verification of the same bytes the
 * checks that depend only on them and the trust store ({@link VerificationCheck#certificateOnly()}:
 * issuer family, path with the issuer's signature, profile, and the DER re-encoding and parse of
 * the input check) are not repeated. Validity at the current time, the card's signature, revocation
 * and identity extraction run on every verification.
 *
 * <p>Thread-safe; its configuration is immutable once built: build one at start-up and share it. A
 * new trust store means a new verifier, whose memory starts empty.
 */
public final class JpkiVerifier {

  private final List<VerificationCheck> checks;
  private final Clock clock;
  private final TrustStore trustStore;
  private final InputLimits inputLimits;
  private final RememberedCertificates remembered;

  private JpkiVerifier(
      List<VerificationCheck> checks,
      Clock clock,
      TrustStore trustStore,
      InputLimits inputLimits,
      RememberedCertificates remembered) {
    this.checks = checks;
    this.clock = clock;
    this.trustStore = trustStore;
    this.inputLimits = inputLimits;
    this.remembered = remembered;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a card's signature and certificate.
   *
   * @param purpose what the signature is meant to prove
   * @param certificate the card certificate, DER
   * @param signedMessage the exact message the server built and expects signed
   * @param signature the card's PKCS#1 v1.5 signature
   * @return {@link Verified} or {@link Rejected}; never null, never throws for bad input
   */
  public VerificationResult verify(
      Purpose purpose, byte[] certificate, byte[] signedMessage, byte[] signature) {
    Objects.requireNonNull(purpose, "purpose");
    CheckContext context =
        new CheckContext(purpose, certificate, signedMessage, signature, clock.instant());
    // The fingerprint of the bytes as given: equal fingerprints are equal bytes (SHA-256), which
    // the input check below still requires to be DER, so it is also the credential fingerprint.
    String fingerprint = null;
    RememberedCertificates.Remembered known = null;
    if (remembered.enabled()
        && certificate != null
        && certificate.length > 0
        && certificate.length <= inputLimits.maxCertificateBytes()) {
      fingerprint = Fingerprint.sha256(certificate);
      known = remembered.find(purpose, fingerprint, trustStore);
      if (known != null) {
        context.remembered(known.certificate(), known.anchor());
      }
    }
    for (VerificationCheck check : checks) {
      if (known != null && check.certificateOnly()) {
        continue;
      }
      CheckOutcome outcome = check.check(context);
      if (!outcome.passed()) {
        return new Rejected(purpose, outcome.reason(), check.step(), outcome.detail());
      }
    }
    X509Certificate verified = context.certificate();
    CredentialKey credential;
    try {
      credential =
          new CredentialKey(
              issuerDn(verified, context.anchor()),
              verified.getSerialNumber(),
              fingerprint != null ? fingerprint : Fingerprint.sha256(verified.getEncoded()));
    } catch (CertificateEncodingException e) {
      // Unreachable: the input check already re-encoded this certificate.
      return new Rejected(
          purpose,
          Reason.MALFORMED_CERTIFICATE,
          Reason.MALFORMED_CERTIFICATE.step(),
          "cannot encode");
    }
    if (known == null && fingerprint != null) {
      remembered.remember(
          purpose,
          fingerprint,
          new RememberedCertificates.Remembered(verified, context.anchor(), trustStore));
    }
    return new Verified(
        purpose,
        credential,
        verified.getNotBefore().toInstant(),
        verified.getNotAfter().toInstant(),
        context.anchor().info(),
        context.revocation(),
        context.facts());
  }

  /** How many certificates are remembered, of how many at most, and how often they were used. */
  public CacheStatistics rememberedCertificates() {
    return remembered.statistics();
  }

  /**
   * The verified-certificate memory's counters.
   *
   * @param size certificates remembered now
   * @param capacity at most this many (0: remembering is off)
   * @param hits verifications that found their certificate remembered
   * @param misses verifications that did not (first seen, evicted, or another trust store)
   */
  public record CacheStatistics(int size, int capacity, long hits, long misses) {}

  /**
   * The issuer name in RFC 2253. When the certificate encodes it exactly as the root encodes its
   * subject (always, for J-LIS certificates) the root's string, computed once at start-up, is the
   * same string; otherwise it is rendered from the certificate.
   */
  private static String issuerDn(X509Certificate certificate, TrustAnchor anchor) {
    X500Principal issuer = certificate.getIssuerX500Principal();
    return Arrays.equals(
            issuer.getEncoded(), anchor.certificate().getSubjectX500Principal().getEncoded())
        ? anchor.info().subjectDn()
        : issuer.getName(X500Principal.RFC2253);
  }

  /** Configures a {@link JpkiVerifier}. The trust store and the revocation checker are required. */
  public static final class Builder {
    /** The default number of remembered certificates. */
    public static final int DEFAULT_REMEMBERED_CERTIFICATES = 4096;

    private TrustStore trustStore;
    private RevocationChecker revocationChecker;
    private RevocationPolicy revocationPolicy = RevocationPolicy.FAIL_CLOSED;
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = Duration.ofMinutes(1);
    private CertificateProfile profile = CertificateProfile.jpki();
    private InputLimits inputLimits = InputLimits.DEFAULT;
    private int rememberedCertificates = DEFAULT_REMEMBERED_CERTIFICATES;

    private Builder() {}

    /**
     * How many fully verified certificates to remember by fingerprint, least recently used out;
     * {@value #DEFAULT_REMEMBERED_CERTIFICATES} by default (a few MB of heap), 0 to verify every
     * certificate in full every time.
     */
    public Builder rememberedCertificates(int maximum) {
      if (maximum < 0) {
        throw new IllegalArgumentException("rememberedCertificates must be 0 or more");
      }
      this.rememberedCertificates = maximum;
      return this;
    }

    /** The roots per purpose, with the test-root switch and the fingerprint pins. */
    public Builder trustStore(TrustStore trustStore) {
      this.trustStore = trustStore;
      return this;
    }

    /**
     * How revocation is checked. Required: choose {@link RevocationChecker#none()} explicitly for
     * development.
     */
    public Builder revocationChecker(RevocationChecker revocationChecker) {
      this.revocationChecker = revocationChecker;
      return this;
    }

    /** What an unknown revocation status means; {@link RevocationPolicy#FAIL_CLOSED} by default. */
    public Builder revocationPolicy(RevocationPolicy revocationPolicy) {
      this.revocationPolicy = revocationPolicy;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * How far the card's and our clocks may disagree at validity boundaries; 1 minute by default.
     */
    public Builder clockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
      return this;
    }

    /** Replaces the certificate policies accepted for {@code purpose}. */
    public Builder allowedPolicies(Purpose purpose, Set<String> policyOids) {
      this.profile = profile.withAllowedPolicies(purpose, policyOids);
      return this;
    }

    public Builder inputLimits(InputLimits inputLimits) {
      this.inputLimits = inputLimits;
      return this;
    }

    public JpkiVerifier build() {
      Objects.requireNonNull(trustStore, "a trust store is required");
      Objects.requireNonNull(
          revocationChecker,
          "a revocation checker is required (RevocationChecker.none() for development)");
      Objects.requireNonNull(clock, "clock");
      List<VerificationCheck> checks =
          List.of(
              new InputLimitsCheck(inputLimits),
              new IssuerFamilyCheck(trustStore),
              new PathCheck(trustStore),
              new ValidityCheck(clockSkew),
              new ProfileCheck(profile),
              new ProofOfPossessionCheck(),
              new RevocationCheck(revocationChecker, revocationPolicy),
              new IdentityExtractionCheck());
      return new JpkiVerifier(
          checks,
          clock,
          trustStore,
          inputLimits,
          new RememberedCertificates(rememberedCertificates));
    }
  }
}
