package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** private_key_jwt on the EMBEDDED storage. */
class EmbeddedPrivateKeyJwtTests extends PrivateKeyJwtContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
