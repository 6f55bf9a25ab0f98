package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** private_key_jwt on the POSTGRES_REDIS storage. */
class PostgresRedisPrivateKeyJwtTests extends PrivateKeyJwtContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
