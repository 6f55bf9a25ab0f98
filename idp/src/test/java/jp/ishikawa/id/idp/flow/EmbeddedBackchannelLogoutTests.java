package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** Back-channel logout on the EMBEDDED storage. */
class EmbeddedBackchannelLogoutTests extends BackchannelLogoutContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
