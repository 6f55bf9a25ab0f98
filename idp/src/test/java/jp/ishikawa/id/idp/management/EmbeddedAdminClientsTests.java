package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link AdminClientsContract} on the embedded default (H2, in-process stores). */
class EmbeddedAdminClientsTests extends AdminClientsContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
