package jp.ishikawa.id.verifier.cli;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;

/**
 * Passes every question to the configured checker unchanged and keeps the last answer, so that the
 * CLI can show the full revocation status (source, this/next update) of a certificate that was
 * rejected as revoked or unknown, where the verifier's rejection only carries a detail string. One
 * per CLI run; not shared between threads.
 */
final class RecordingRevocationChecker implements RevocationChecker {

  private final RevocationChecker delegate;
  private RevocationStatus last;
  private X509Certificate issuer;

  RecordingRevocationChecker(RevocationChecker delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public RevocationStatus check(X509Certificate certificate, X509Certificate root, Instant now) {
    this.issuer = root;
    RevocationStatus status = delegate.check(certificate, root, now);
    this.last = status;
    return status;
  }

  /** The last status the checker gave, or null when the pipeline never reached revocation. */
  RevocationStatus last() {
    return last;
  }

  /** The root the pipeline chose, when it reached revocation; otherwise null. */
  X509Certificate issuer() {
    return issuer;
  }
}
