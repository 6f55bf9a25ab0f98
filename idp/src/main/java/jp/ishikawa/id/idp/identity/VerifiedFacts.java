package jp.ishikawa.id.idp.identity;

import java.time.Instant;
import jp.ishikawa.id.verifier.model.BasicFacts;

/**
 * A resident's four basic facts as a signature certificate proved them, with when and how.
 * Personal: never logged; {@link #toString()} shows only the provenance.
 *
 * @param facts the facts
 * @param verifiedAt when the signature certificate was verified
 * @param method how they were verified ({@value #JPKI_SIGNATURE_CERTIFICATE})
 * @param rootLabel the root generation of the signature certificate
 */
public record VerifiedFacts(BasicFacts facts, Instant verifiedAt, String method, String rootLabel) {

  /** Verified from a JPKI signature certificate with the signature password. */
  public static final String JPKI_SIGNATURE_CERTIFICATE = "jpki_signature_certificate";

  @Override
  public String toString() {
    return "VerifiedFacts[redacted, verifiedAt=" + verifiedAt + ", method=" + method + "]";
  }
}
