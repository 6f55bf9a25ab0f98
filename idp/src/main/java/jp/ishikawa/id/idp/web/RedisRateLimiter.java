package jp.ishikawa.id.idp.web;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** {@link RateLimiter} on Redis: INCR with the window as TTL, shared by every node. */
public final class RedisRateLimiter implements RateLimiter {

  private static final RedisScript<Long> COUNT =
      new DefaultRedisScript<>(
          """
          local n = redis.call('INCR', KEYS[1])
          if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
          return n
          """,
          Long.class);

  private final StringRedisTemplate redis;

  public RedisRateLimiter(StringRedisTemplate redis) {
    this.redis = redis;
  }

  @Override
  public boolean tryAcquire(String key, int limit, Duration window) {
    Long count =
        redis.execute(COUNT, List.of("ishikawa-id:rate:" + key), Long.toString(window.toMillis()));
    return count != null && count <= limit;
  }
}
