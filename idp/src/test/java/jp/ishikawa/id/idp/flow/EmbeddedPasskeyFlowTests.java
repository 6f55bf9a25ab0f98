package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** Passkeys end to end on the embedded default (H2, in-process sessions). */
class EmbeddedPasskeyFlowTests extends PasskeyFlowContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
