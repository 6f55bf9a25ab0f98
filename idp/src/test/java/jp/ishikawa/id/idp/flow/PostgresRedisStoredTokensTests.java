package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link StoredTokensContract} on the production storage (PostgreSQL, Redis); skipped loudly
 * without them.
 */
class PostgresRedisStoredTokensTests extends StoredTokensContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
