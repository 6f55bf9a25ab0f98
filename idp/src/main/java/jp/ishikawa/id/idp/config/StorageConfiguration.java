package jp.ishikawa.id.idp.config;

import java.time.Clock;
import java.time.Duration;
import jp.ishikawa.id.idp.jpki.InMemoryJpkiTransactionStore;
import jp.ishikawa.id.idp.jpki.JpkiTransactionStore;
import jp.ishikawa.id.idp.jpki.RedisJpkiTransactionStore;
import jp.ishikawa.id.idp.replay.InMemoryReplayCache;
import jp.ishikawa.id.idp.replay.RedisReplayCache;
import jp.ishikawa.id.idp.replay.ReplayCache;
import jp.ishikawa.id.idp.token.SessionBoundCodes;
import jp.ishikawa.id.idp.web.InMemoryRateLimiter;
import jp.ishikawa.id.idp.web.RateLimiter;
import jp.ishikawa.id.idp.web.RedisRateLimiter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * Where short-lived state lives: {@code ishikawa-id.store=redis} (the production profile) puts
 * login transactions, HTTP sessions, rate-limit counters and replay caches in Redis so any node
 * serves any step; {@code embedded} (the default) keeps them in this JVM with the same expiry
 * rules, for running one node with nothing installed. Durable data is in the database either way.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

  /** How long a finished transaction stays readable for the browser that follows it. */
  static final Duration GRACE = Duration.ofMinutes(5);

  /**
   * A login session in Redis ends after this long without use; the authorization sweep's retention
   * may not be shorter (token/ExpiredAuthorizations).
   */
  static final int SESSION_IDLE_SECONDS = 1800;

  /**
   * The session registry Spring's authorization server asks for: it knows no session and keeps
   * none. Nothing here looks a session up by resident: each code carries its session's {@code sid}
   * and RP-initiated logout checks the browser's own session ({@link SessionBoundCodes}). So
   * sessions need no index by resident, and Redis keeps each as one hash that expires by itself
   * ({@code @EnableRedisHttpSession}, not the indexed repository with its expiry keys and keyspace
   * messages).
   */
  @Bean
  SessionRegistry sessionRegistry() {
    return SessionBoundCodes.NO_SESSIONS;
  }

  /** Redis: shared by every node. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "ishikawa-id.store", havingValue = "redis")
  @EnableRedisHttpSession(
      redisNamespace = "ishikawa-id:session",
      maxInactiveIntervalInSeconds = SESSION_IDLE_SECONDS)
  static class Redis {

    @Bean
    JpkiTransactionStore jpkiTransactionStore(StringRedisTemplate redis) {
      return new RedisJpkiTransactionStore(redis, GRACE);
    }

    @Bean
    RateLimiter rateLimiter(StringRedisTemplate redis) {
      return new RedisRateLimiter(redis);
    }

    @Bean
    ReplayCache replayCache(StringRedisTemplate redis, Clock clock) {
      return new RedisReplayCache(redis, clock);
    }
  }

  /** Embedded: this JVM only. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "ishikawa-id.store",
      havingValue = "embedded",
      matchIfMissing = true)
  static class Embedded {

    @Bean
    JpkiTransactionStore jpkiTransactionStore(Clock clock) {
      return new InMemoryJpkiTransactionStore(clock, GRACE);
    }

    @Bean
    RateLimiter rateLimiter(Clock clock) {
      return new InMemoryRateLimiter(clock);
    }

    @Bean
    ReplayCache replayCache(Clock clock) {
      return new InMemoryReplayCache(clock);
    }
  }
}
