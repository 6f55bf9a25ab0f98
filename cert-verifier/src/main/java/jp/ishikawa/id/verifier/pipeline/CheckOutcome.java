package jp.ishikawa.id.verifier.pipeline;

import java.util.Objects;
import jp.ishikawa.id.verifier.model.Reason;

/**
 * The outcome of one check: pass, or a failure with a reason code and operator detail.
 *
 * @param reason null when the check passed
 * @param detail operator detail for a failure; never a personal fact
 */
public record CheckOutcome(Reason reason, String detail) {

  private static final CheckOutcome PASS = new CheckOutcome(null, "");

  public static CheckOutcome pass() {
    return PASS;
  }

  public static CheckOutcome fail(Reason reason, String detail) {
    return new CheckOutcome(Objects.requireNonNull(reason, "reason"), detail);
  }

  public boolean passed() {
    return reason == null;
  }
}
