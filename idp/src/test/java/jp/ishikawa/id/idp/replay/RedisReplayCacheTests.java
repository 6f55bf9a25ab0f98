package jp.ishikawa.id.idp.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import jp.ishikawa.id.idp.testing.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis cache against the real Redis: two instances stand for two nodes. */
class RedisReplayCacheTests extends ReplayCacheContract {

  private static LettuceConnectionFactory connections;
  private static StringRedisTemplate redis;

  @BeforeAll
  static void connect() {
    Backends.requirePostgresAndRedis();
    connections =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(Backends.REDIS_HOST, Backends.REDIS_PORT));
    connections.afterPropertiesSet();
    connections.start();
    redis = new StringRedisTemplate(connections);
  }

  @AfterAll
  static void disconnect() {
    if (connections != null) {
      connections.destroy();
    }
  }

  @Override
  protected ReplayCache cache() {
    return new RedisReplayCache(redis, Clock.systemUTC());
  }

  @Override
  protected ReplayCache otherNode() {
    return new RedisReplayCache(redis, Clock.systemUTC());
  }

  @Test
  void firstUseWhenRecordedThenKeyExpiresWithTheValueAndHoldsNoRawId() {
    cache()
        .firstUse(
            ReplayCache.Kind.DPOP_PROOF, "thumbprint jti-raw", Instant.now().plusSeconds(120));

    assertThat(redis.keys("ishikawa-id:replay:dpop-proof:*"))
        .isNotEmpty()
        .noneMatch(key -> key.contains("jti-raw"))
        .allSatisfy(key -> assertThat(redis.getExpire(key)).isPositive());
  }
}
