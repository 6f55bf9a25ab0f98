package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** Back-channel logout with openid-client on the embedded default (H2, in-process stores). */
class EmbeddedOpenIdClientBackchannelLogoutTests extends OpenIdClientBackchannelLogoutContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
