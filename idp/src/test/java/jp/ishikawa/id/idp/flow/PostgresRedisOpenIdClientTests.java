package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * openid-client on the production storage: PostgreSQL and Redis. Skipped loudly when they (or Node)
 * are missing, failed in CI.
 */
class PostgresRedisOpenIdClientTests extends OpenIdClientContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
