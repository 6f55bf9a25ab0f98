package jp.ishikawa.id.idp.config;

import java.util.Optional;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;

/**
 * The revocation checker the IdP verifies with, and the CRL store behind it when the mode uses CRLs
 * (operators and tests read its state; closing the IdP stops its refresh thread).
 *
 * @param checker what the verifier asks
 * @param crlStore the CRL store, or null when the mode uses no CRLs
 */
public record JpkiRevocation(RevocationChecker checker, CrlStore crlStore)
    implements AutoCloseable {

  public Optional<CrlStore> crls() {
    return Optional.ofNullable(crlStore);
  }

  @Override
  public void close() {
    if (crlStore != null) {
      crlStore.close();
    }
  }
}
