package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link StoredTokensContract} on the embedded default (H2, in-process stores). */
class EmbeddedStoredTokensTests extends StoredTokensContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
