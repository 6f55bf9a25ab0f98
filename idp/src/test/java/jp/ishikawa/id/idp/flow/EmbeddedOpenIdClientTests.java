package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** openid-client against the embedded default (H2, in-process stores). */
class EmbeddedOpenIdClientTests extends OpenIdClientContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
