package jp.ishikawa.id.verifier.model;

/**
 * The answer of the verifier: {@link Verified} or {@link Rejected}, never a bare boolean and never
 * an exception for a bad certificate. Use a {@code switch} with patterns to handle both.
 */
public sealed interface VerificationResult permits Verified, Rejected {

  /** The purpose the caller asked to verify for. */
  Purpose purpose();
}
