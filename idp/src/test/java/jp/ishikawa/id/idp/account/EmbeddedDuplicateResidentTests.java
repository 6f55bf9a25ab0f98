package jp.ishikawa.id.idp.account;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link DuplicateResidentContract} on the embedded default (H2, in-process stores). */
class EmbeddedDuplicateResidentTests extends DuplicateResidentContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
