package jp.ishikawa.id.idp.audit;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link AuditChainContract} on the embedded default (H2). */
class EmbeddedAuditChainTests extends AuditChainContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
