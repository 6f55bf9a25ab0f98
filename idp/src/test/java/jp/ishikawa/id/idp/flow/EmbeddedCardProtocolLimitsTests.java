package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link CardProtocolLimitsContract} on the embedded default (H2, in-process stores). */
class EmbeddedCardProtocolLimitsTests extends CardProtocolLimitsContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
