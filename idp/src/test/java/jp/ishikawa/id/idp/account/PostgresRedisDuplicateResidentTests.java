package jp.ishikawa.id.idp.account;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * {@link DuplicateResidentContract} on the production storage (PostgreSQL, Redis); skipped loudly
 * without them.
 */
class PostgresRedisDuplicateResidentTests extends DuplicateResidentContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
