package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link SignInOnlyGrantsContract} on the embedded default (H2, in-process stores). */
class EmbeddedSignInOnlyGrantsTests extends SignInOnlyGrantsContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
