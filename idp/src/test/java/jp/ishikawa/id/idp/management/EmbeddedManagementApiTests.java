package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link ManagementApiContract} on the embedded default (H2, in-process stores). */
class EmbeddedManagementApiTests extends ManagementApiContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
