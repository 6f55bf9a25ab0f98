package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** The end-to-end suite on the embedded default: H2 file database and in-process stores. */
class EmbeddedOidcEndToEndTests extends OidcEndToEndContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
