package jp.ishikawa.id.verifier.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.RevocationStatus;

/**
 * Answers revocation questions from a {@link CrlStore}: the CRLs J-LIS publishes per municipality
 * (JPKI.md §5), loaded and verified in advance, so a check is an in-memory lookup that never waits
 * for the network. The store's rules apply: stale or missing CRL → unknown, never good.
 */
public final class CrlRevocationChecker implements RevocationChecker {

  private final CrlStore store;

  public CrlRevocationChecker(CrlStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant now) {
    return store.status(certificate, issuer, now);
  }
}
