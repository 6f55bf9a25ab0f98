package jp.ishikawa.id.idp.config;

import java.time.Clock;
import java.time.Duration;
import jp.ishikawa.id.idp.jpki.InMemoryJpkiTransactionStore;
import jp.ishikawa.id.idp.jpki.JpkiTransactionStore;
import jp.ishikawa.id.idp.jpki.RedisJpkiTransactionStore;
import jp.ishikawa.id.idp.replay.InMemoryReplayCache;
import jp.ishikawa.id.idp.replay.RedisReplayCache;
import jp.ishikawa.id.idp.replay.ReplayCache;
import jp.ishikawa.id.idp.web.InMemoryRateLimiter;
import jp.ishikawa.id.idp.web.RateLimiter;
import jp.ishikawa.id.idp.web.RedisRateLimiter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisIndexedHttpSession;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

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

  /** Redis: shared by every node. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "ishikawa-id.store", havingValue = "redis")
  @EnableRedisIndexedHttpSession(
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

    /**
     * Runs Spring Session's Redis messages (a session created, deleted or expired: one message per
     * new browser session) on virtual threads. Without it the listener container's default executor
     * starts a new platform thread for every message: under the complete-login load that was a
     * quarter of a core of system CPU spent creating threads (docs/performance.md).
     */
    @Bean("springSessionRedisTaskExecutor")
    SimpleAsyncTaskExecutor springSessionRedisTaskExecutor() {
      SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("session-events-");
      executor.setVirtualThreads(true);
      return executor;
    }

    @Bean
    <S extends Session> SessionRegistry sessionRegistry(
        FindByIndexNameSessionRepository<S> sessions) {
      return new SpringSessionBackedSessionRegistry<>(sessions);
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

    @Bean
    SessionRegistry sessionRegistry() {
      return new SessionRegistryImpl();
    }

    /** Lets the session registry forget sessions that end. */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
      return new HttpSessionEventPublisher();
    }
  }
}
