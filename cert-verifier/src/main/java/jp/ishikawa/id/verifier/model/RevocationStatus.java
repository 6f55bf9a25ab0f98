package jp.ishikawa.id.verifier.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a revocation source said about one certificate, with the method, the source and how fresh
 * the answer is, so that every verification result can show how revocation was checked.
 *
 * @param state good, revoked, unknown or unchecked
 * @param method which kind of source answered
 * @param source the CRL location or OCSP URL that answered (never null; "none" when unchecked)
 * @param thisUpdate when the source produced its answer, or null when it gave none
 * @param nextUpdate when the source promised a newer answer, or null
 * @param checkedAt when the verifier asked
 * @param revokedAt for {@link State#REVOKED}, when the certificate was revoked
 * @param revocationReason for {@link State#REVOKED}, the CRL reason name (e.g. keyCompromise), or
 *     null when unspecified
 * @param detail operator detail: why the status is unknown, or which source was tried first
 */
public record RevocationStatus(
    State state,
    Method method,
    String source,
    Instant thisUpdate,
    Instant nextUpdate,
    Instant checkedAt,
    Instant revokedAt,
    String revocationReason,
    String detail) {

  /** The outcome of a revocation check. */
  public enum State {
    /** The source vouches that the certificate is not revoked. */
    GOOD("good"),
    /** The certificate is revoked. */
    REVOKED("revoked"),
    /** No source could give a trustworthy answer: fail closed unless policy says otherwise. */
    UNKNOWN("unknown"),
    /** Revocation was deliberately not checked (development only). */
    UNCHECKED("unchecked");

    private final String code;

    State(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** How the status was obtained. */
  public enum Method {
    CRL("crl"),
    OCSP("ocsp"),
    NONE("none");

    private final String code;

    Method(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public RevocationStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(checkedAt, "checkedAt");
    detail = detail == null ? "" : detail;
  }

  public static RevocationStatus good(
      Method method, String source, Instant thisUpdate, Instant nextUpdate, Instant checkedAt) {
    return new RevocationStatus(
        State.GOOD, method, source, thisUpdate, nextUpdate, checkedAt, null, null, "");
  }

  public static RevocationStatus revoked(
      Method method,
      String source,
      Instant thisUpdate,
      Instant nextUpdate,
      Instant checkedAt,
      Instant revokedAt,
      String reason) {
    return new RevocationStatus(
        State.REVOKED, method, source, thisUpdate, nextUpdate, checkedAt, revokedAt, reason, "");
  }

  public static RevocationStatus unknown(
      Method method, String source, Instant checkedAt, String detail) {
    return new RevocationStatus(
        State.UNKNOWN, method, source, null, null, checkedAt, null, null, detail);
  }

  public static RevocationStatus unchecked(Instant checkedAt) {
    return new RevocationStatus(
        State.UNCHECKED,
        Method.NONE,
        "none",
        null,
        null,
        checkedAt,
        null,
        null,
        "revocation checking is switched off (development only)");
  }

  /** The same status with more operator detail appended. */
  public RevocationStatus withDetail(String more) {
    String joined = detail.isEmpty() ? more : detail + "; " + more;
    return new RevocationStatus(
        state,
        method,
        source,
        thisUpdate,
        nextUpdate,
        checkedAt,
        revokedAt,
        revocationReason,
        joined);
  }
}
