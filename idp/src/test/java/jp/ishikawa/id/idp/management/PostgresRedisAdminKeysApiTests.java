package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link AdminKeysApiContract} on the production storage (PostgreSQL, Redis); skipped loudly
 * without them.
 */
class PostgresRedisAdminKeysApiTests extends AdminKeysApiContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
