package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link IntrospectionContract} on the production storage (PostgreSQL, Redis); skipped loudly
 * without them.
 */
class PostgresRedisIntrospectionTests extends IntrospectionContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
