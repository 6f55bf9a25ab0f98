package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** Passkeys end to end on the production storage (PostgreSQL, sessions in Redis). */
class PostgresRedisPasskeyFlowTests extends PasskeyFlowContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
