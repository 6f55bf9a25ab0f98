package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** DPoP on PostgreSQL + Redis: proof jtis in Redis, shared by every node. */
class PostgresRedisDpopTests extends DpopContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
