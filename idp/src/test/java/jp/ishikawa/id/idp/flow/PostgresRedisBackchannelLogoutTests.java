package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** Back-channel logout on the POSTGRES_REDIS storage. */
class PostgresRedisBackchannelLogoutTests extends BackchannelLogoutContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
