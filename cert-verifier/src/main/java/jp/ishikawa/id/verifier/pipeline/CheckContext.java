package jp.ishikawa.id.verifier.pipeline;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.TrustAnchor;

/**
 * The state of one verification as it moves through the pipeline: the caller's inputs, and what
 * each check established for the ones after it (the parsed certificate, the chosen root, the
 * revocation status, the basic facts). One context per call; never shared between threads.
 */
public final class CheckContext {

  private final Purpose purpose;
  private final byte[] certificateBytes;
  private final byte[] message;
  private final byte[] signature;
  private final Instant now;

  private X509Certificate certificate;
  private TrustAnchor anchor;
  private RevocationStatus revocation;
  private BasicFacts facts;
  private boolean remembered;

  public CheckContext(
      Purpose purpose, byte[] certificateBytes, byte[] message, byte[] signature, Instant now) {
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.certificateBytes = certificateBytes == null ? new byte[0] : certificateBytes;
    this.message = message == null ? new byte[0] : message;
    this.signature = signature == null ? new byte[0] : signature;
    this.now = Objects.requireNonNull(now, "now");
  }

  public Purpose purpose() {
    return purpose;
  }

  /** The certificate exactly as the caller gave it (not copied: checks must not modify it). */
  public byte[] certificateBytes() {
    return certificateBytes;
  }

  /** The message the server built and expects to have been signed. */
  public byte[] message() {
    return message;
  }

  public byte[] signature() {
    return signature;
  }

  /** The validation time, from the verifier's clock. */
  public Instant now() {
    return now;
  }

  /** The parsed certificate; set by the input check. */
  public X509Certificate certificate() {
    return requireSet(certificate, "certificate");
  }

  public void certificate(X509Certificate parsed) {
    this.certificate = parsed;
  }

  /**
   * Establishes the certificate and its root from an earlier full verification of these exact bytes
   * (same SHA-256 fingerprint) under the same trust store; checks whose {@link
   * VerificationCheck#certificateOnly()} is true are then skipped.
   */
  public void remembered(X509Certificate parsed, TrustAnchor chosen) {
    this.certificate = Objects.requireNonNull(parsed, "parsed");
    this.anchor = Objects.requireNonNull(chosen, "chosen");
    this.remembered = true;
  }

  /** Whether the certificate comes from an earlier full verification of the same bytes. */
  public boolean remembered() {
    return remembered;
  }

  /** The root the certificate chains to; set by the path check. */
  public TrustAnchor anchor() {
    return requireSet(anchor, "anchor");
  }

  public void anchor(TrustAnchor chosen) {
    this.anchor = chosen;
  }

  /** The revocation status; set by the revocation check. */
  public RevocationStatus revocation() {
    return requireSet(revocation, "revocation");
  }

  public void revocation(RevocationStatus status) {
    this.revocation = status;
  }

  /** The basic facts of a signature certificate; set by the identity check, null for login. */
  public BasicFacts facts() {
    return facts;
  }

  public void facts(BasicFacts extracted) {
    this.facts = extracted;
  }

  private static <T> T requireSet(T value, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " is not established yet: a check ran out of order");
    }
    return value;
  }
}
