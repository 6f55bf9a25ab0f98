package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link SignInOnlyGrantsContract} on the production storage (PostgreSQL, Redis); skipped loudly
 * without them.
 */
class PostgresRedisSignInOnlyGrantsTests extends SignInOnlyGrantsContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
