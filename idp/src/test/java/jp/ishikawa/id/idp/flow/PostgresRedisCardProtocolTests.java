package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** The card protocol suite on PostgreSQL + Redis. */
class PostgresRedisCardProtocolTests extends CardProtocolContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
