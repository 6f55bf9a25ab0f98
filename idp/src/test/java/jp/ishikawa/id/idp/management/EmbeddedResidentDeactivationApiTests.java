package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link ResidentDeactivationApiContract} on the embedded default (H2, in-process stores). */
class EmbeddedResidentDeactivationApiTests extends ResidentDeactivationApiContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
