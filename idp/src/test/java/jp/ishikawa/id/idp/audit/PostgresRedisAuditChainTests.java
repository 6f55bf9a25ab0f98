package jp.ishikawa.id.idp.audit;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/** {@link AuditChainContract} on PostgreSQL; skipped loudly without it. */
class PostgresRedisAuditChainTests extends AuditChainContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
