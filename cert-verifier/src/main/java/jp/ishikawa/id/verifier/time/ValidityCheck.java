package jp.ishikawa.id.verifier.time;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;

/**
 * Step 4, time: the certificate and its root must be valid at the verifier's clock time, allowing a
 * small configurable skew for clocks that disagree. The time comes from an injected {@link
 * java.time.Clock}, never from the client.
 *
 * <p>Threat (jpki/myna GHSA-58hw-cg5m-88rp): a verifier that checks only the RSA signature accepts
 * expired certificates. RFC 5280 §6.1.3 (a)(2): the certificate validity period includes the
 * current time.
 */
public final class ValidityCheck implements VerificationCheck {

  private final Duration skew;

  public ValidityCheck(Duration skew) {
    this.skew = Objects.requireNonNull(skew, "skew");
    if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("clock skew must be between 0 and 10 minutes");
    }
  }

  @Override
  public Step step() {
    return Step.TIME;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    Instant now = context.now();
    X509Certificate certificate = context.certificate();
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (now.plus(skew).isBefore(notBefore)) {
      return CheckOutcome.fail(
          Reason.CERTIFICATE_NOT_YET_VALID, "valid from " + notBefore + "; the time is " + now);
    }
    if (now.minus(skew).isAfter(notAfter)) {
      return CheckOutcome.fail(
          Reason.CERTIFICATE_EXPIRED, "expired at " + notAfter + "; the time is " + now);
    }
    X509Certificate root = context.anchor().certificate();
    if (now.plus(skew).isBefore(root.getNotBefore().toInstant())
        || now.minus(skew).isAfter(root.getNotAfter().toInstant())) {
      return CheckOutcome.fail(
          Reason.ROOT_NOT_VALID,
          "root "
              + context.anchor().info().label()
              + " is valid "
              + root.getNotBefore().toInstant()
              + " to "
              + root.getNotAfter().toInstant()
              + "; the time is "
              + now);
    }
    return CheckOutcome.pass();
  }
}
