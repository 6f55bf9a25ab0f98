package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.ishikawa.id.idp.testing.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis store against the real Redis on localhost. */
class RedisJpkiTransactionStoreTests extends JpkiTransactionStoreContract {

  private static LettuceConnectionFactory connections;
  private static StringRedisTemplate redis;
  private static RedisJpkiTransactionStore store;

  @BeforeAll
  static void connect() {
    Backends.requirePostgresAndRedis();
    connections =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(Backends.REDIS_HOST, Backends.REDIS_PORT));
    connections.afterPropertiesSet();
    connections.start();
    redis = new StringRedisTemplate(connections);
    store = new RedisJpkiTransactionStore(redis, Duration.ofMinutes(5));
  }

  @AfterAll
  static void disconnect() {
    if (connections != null) {
      connections.destroy();
    }
  }

  @Override
  protected JpkiTransactionStore store() {
    return store;
  }

  @Test
  void createWhenStoredThenEveryKeyHasTheLifetimePlusGraceAsTtl() {
    JpkiTransaction transaction = pending(Instant.now());
    store.create(transaction);

    Long ttl = redis.getExpire("ishikawa-id:jpki:txn:" + transaction.id());

    assertThat(ttl).isBetween(590L, 600L);
  }

  @Test
  void findWhenStoredThenNoPersonalDataInRedis() {
    JpkiTransaction transaction = pending(Instant.now());
    store.create(transaction);

    String data =
        (String) redis.opsForHash().get("ishikawa-id:jpki:txn:" + transaction.id(), "data");

    assertThat(data).contains("challenge").doesNotContain("name").doesNotContain("address");
  }
}
