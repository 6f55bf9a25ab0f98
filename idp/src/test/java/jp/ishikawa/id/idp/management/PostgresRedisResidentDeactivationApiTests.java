package jp.ishikawa.id.idp.management;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link ResidentDeactivationApiContract} on the production storage (PostgreSQL, Redis); skipped
 * loudly without them.
 */
class PostgresRedisResidentDeactivationApiTests extends ResidentDeactivationApiContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
