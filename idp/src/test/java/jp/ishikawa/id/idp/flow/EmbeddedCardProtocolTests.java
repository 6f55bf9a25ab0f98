package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** The card protocol suite on the embedded default. */
class EmbeddedCardProtocolTests extends CardProtocolContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
