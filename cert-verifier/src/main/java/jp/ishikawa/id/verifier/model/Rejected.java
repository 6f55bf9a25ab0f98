package jp.ishikawa.id.verifier.model;

import java.util.Objects;

/**
 * A certificate or signature the verifier refused.
 *
 * @param purpose the purpose the caller asked to verify for
 * @param reason the stable reason code
 * @param step the pipeline step that failed
 * @param detail operator detail (serials, algorithms, times); never a personal fact
 */
public record Rejected(Purpose purpose, Reason reason, Step step, String detail)
    implements VerificationResult {

  public Rejected {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(step, "step");
    detail = detail == null ? "" : detail;
  }
}
