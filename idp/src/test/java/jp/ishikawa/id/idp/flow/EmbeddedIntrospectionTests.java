package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link IntrospectionContract} on the embedded default (H2, in-process stores). */
class EmbeddedIntrospectionTests extends IntrospectionContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
