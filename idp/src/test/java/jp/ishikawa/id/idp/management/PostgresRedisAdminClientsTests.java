package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link AdminClientsContract} on the production storage (PostgreSQL, Redis); skipped loudly
 * without them.
 */
class PostgresRedisAdminClientsTests extends AdminClientsContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
