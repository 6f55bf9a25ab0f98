package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** The authorization request semantics on the production storage (PostgreSQL, Redis sessions). */
class PostgresRedisAuthorizationRequestTests extends AuthorizationRequestContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
