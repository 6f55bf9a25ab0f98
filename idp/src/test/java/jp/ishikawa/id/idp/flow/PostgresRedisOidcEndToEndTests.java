package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * The end-to-end suite on the production storage: PostgreSQL (a fresh database) and Redis
 * (transactions, sessions, rate limits). Skipped loudly when they do not answer, failed in CI.
 */
class PostgresRedisOidcEndToEndTests extends OidcEndToEndContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
