package jp.ishikawa.id.verifier.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.State;

/**
 * Asks one revocation source, and a second one only when the first cannot answer: typically OCSP
 * first (fresh, per certificate), then the CRL store (JPKI.md §5).
 *
 * <p>A GOOD or REVOKED answer from the first source is final: a signed, fresh statement is not
 * second-guessed, and a REVOKED answer must never be overridden by an older GOOD one elsewhere.
 * Anything else (UNKNOWN, or a checker that throws) sends the question to the fallback, whose
 * status is returned with a detail saying what the first source said, e.g. {@code "OCSP
 * http://ocsp.example unavailable: timeout; answered by CRL"}, so that the audit log shows the
 * primary source was down. When neither can answer the result is UNKNOWN with both reasons.
 */
public final class FallbackRevocationChecker implements RevocationChecker {

  private final RevocationChecker first;
  private final RevocationChecker fallback;

  public FallbackRevocationChecker(RevocationChecker first, RevocationChecker fallback) {
    this.first = Objects.requireNonNull(first, "first");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant now) {
    RevocationStatus primary = ask(first, certificate, issuer, now);
    if (primary.state() == State.GOOD || primary.state() == State.REVOKED) {
      return primary;
    }
    RevocationStatus secondary = ask(fallback, certificate, issuer, now);
    String detail =
        switch (secondary.state()) {
          case GOOD, REVOKED ->
              unavailable(primary)
                  + "; answered by "
                  + secondary.method().name()
                  + (secondary.detail().isEmpty() ? "" : "; " + secondary.detail());
          case UNKNOWN, UNCHECKED -> unavailable(primary) + "; " + unavailable(secondary);
        };
    return new RevocationStatus(
        secondary.state(),
        secondary.method(),
        secondary.source(),
        secondary.thisUpdate(),
        secondary.nextUpdate(),
        secondary.checkedAt(),
        secondary.revokedAt(),
        secondary.revocationReason(),
        detail);
  }

  private static String unavailable(RevocationStatus status) {
    return status.method().name()
        + " "
        + status.source()
        + " unavailable: "
        + (status.detail().isEmpty() ? status.state().code() : status.detail());
  }

  /** A checker that throws or answers null has not answered: the fallback still gets its turn. */
  private static RevocationStatus ask(
      RevocationChecker checker, X509Certificate certificate, X509Certificate issuer, Instant now) {
    try {
      RevocationStatus status = checker.check(certificate, issuer, now);
      return status != null
          ? status
          : RevocationStatus.unknown(
              RevocationStatus.Method.NONE, "checker", now, "the checker gave no answer");
    } catch (RuntimeException e) {
      return RevocationStatus.unknown(
          RevocationStatus.Method.NONE,
          "checker",
          now,
          "the checker failed: " + e.getClass().getSimpleName());
    }
  }
}
