package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link AdminKeysApiContract} on the embedded default (H2, in-process stores). */
class EmbeddedAdminKeysApiTests extends AdminKeysApiContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
