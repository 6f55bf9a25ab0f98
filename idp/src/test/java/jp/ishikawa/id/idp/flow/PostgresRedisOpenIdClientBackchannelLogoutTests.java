package jp.ishikawa.id.idp.flow;

import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * Back-channel logout with openid-client on PostgreSQL and Redis (skipped loudly without them or
 * Node, failed in CI).
 */
class PostgresRedisOpenIdClientBackchannelLogoutTests
    extends OpenIdClientBackchannelLogoutContract {

  @Override
  protected TestIdentityProvider.Storage storage() {
    return TestIdentityProvider.Storage.POSTGRES_REDIS;
  }
}
