package jp.ishikawa.id.verifier.pipeline;

import jp.ishikawa.id.verifier.model.Step;

/**
 * One named check of the verification pipeline. A check either passes (and may record what it
 * learned in the context for later checks) or fails with a reason. It never throws for a bad
 * certificate, and it never turns a failure it cannot explain into a pass.
 */
public interface VerificationCheck {

  /** The pipeline step this check implements. */
  Step step();

  /**
   * Runs the check.
   *
   * @return {@link CheckOutcome#pass()} or a failure with its reason and operator detail
   */
  CheckOutcome check(CheckContext context);

  /**
   * Whether the outcome depends on nothing but the certificate's exact bytes, the purpose and this
   * check's fixed configuration (the trust store, the profile): never on the time, the request or a
   * revocation source. Such a check is skipped for a certificate the verifier remembers having
   * fully verified under the same trust store; every other check runs on every verification.
   */
  default boolean certificateOnly() {
    return false;
  }
}
