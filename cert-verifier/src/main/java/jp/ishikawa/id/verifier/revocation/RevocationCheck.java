package jp.ishikawa.id.verifier.revocation;

import java.util.Objects;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;

/**
 * Step 7, revocation: asks the configured {@link RevocationChecker} and fails closed. A revoked
 * certificate is rejected; an unknown status is rejected unless the policy is {@link
 * RevocationPolicy#SOFT_FAIL}, in which case the unknown status stays in the result. A checker that
 * throws is treated as unknown, never as good.
 *
 * <p>Threat: a stolen or lost card keeps working until its holder reports it; J-LIS revokes the
 * certificate, and only this step notices.
 */
public final class RevocationCheck implements VerificationCheck {

  private final RevocationChecker checker;
  private final RevocationPolicy policy;

  public RevocationCheck(RevocationChecker checker, RevocationPolicy policy) {
    this.checker = Objects.requireNonNull(checker, "checker");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Step step() {
    return Step.REVOCATION;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    RevocationStatus status;
    try {
      status = checker.check(context.certificate(), context.anchor().certificate(), context.now());
      if (status == null) {
        status =
            RevocationStatus.unknown(
                RevocationStatus.Method.NONE,
                "checker",
                context.now(),
                "the revocation checker gave no answer");
      }
    } catch (RuntimeException e) {
      status =
          RevocationStatus.unknown(
              RevocationStatus.Method.NONE,
              "checker",
              context.now(),
              "the revocation checker failed: " + e.getClass().getSimpleName());
    }
    context.revocation(status);
    return switch (status.state()) {
      case GOOD, UNCHECKED -> CheckOutcome.pass();
      case REVOKED ->
          CheckOutcome.fail(
              Reason.REVOKED,
              "revoked"
                  + (status.revokedAt() == null ? "" : " at " + status.revokedAt())
                  + (status.revocationReason() == null
                      ? ""
                      : " (" + status.revocationReason() + ")")
                  + " according to "
                  + status.method().code()
                  + " "
                  + status.source());
      case UNKNOWN ->
          policy == RevocationPolicy.SOFT_FAIL
              ? CheckOutcome.pass()
              : CheckOutcome.fail(
                  Reason.REVOCATION_UNKNOWN,
                  status.method().code() + " " + status.source() + ": " + status.detail());
    };
  }
}
