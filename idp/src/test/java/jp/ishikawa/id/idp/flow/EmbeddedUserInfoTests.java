package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** Userinfo per OIDC Core §5.3 and RFC 6750 on the embedded default. */
class EmbeddedUserInfoTests extends UserInfoContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.EMBEDDED;
  }
}
