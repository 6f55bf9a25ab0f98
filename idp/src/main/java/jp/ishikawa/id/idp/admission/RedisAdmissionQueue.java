package jp.ishikawa.id.idp.admission;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The queue in Redis, so every node admits from the same line. One Lua script advances "now
 * serving" by the capacity times the time elapsed on Redis's own clock (nodes' clocks may differ)
 * and keeps at most one second of unused capacity banked, so an idle system admits newcomers at
 * once and a sudden crowd is let in at the capacity's pace.
 */
public final class RedisAdmissionQueue implements AdmissionQueue {

  private static final String PREFIX = "ishikawa-id:admission:";
  private static final List<String> KEYS =
      List.of(PREFIX + "issued", PREFIX + "served", PREFIX + "clock");

  /** Returns {issued, floor(served)} after advancing. ARGV[1]: capacity per second. */
  private static final RedisScript<List<Long>> ADVANCE =
      script(
          """
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          local capacity = tonumber(ARGV[1])
          local issued = tonumber(redis.call('GET', KEYS[1]) or '0')
          local served = tonumber(redis.call('GET', KEYS[2]) or '-1')
          local last = tonumber(redis.call('GET', KEYS[3]) or tostring(now))
          if served < 0 then served = capacity end
          local elapsed = now - last
          if elapsed < 0 then elapsed = 0 end
          served = served + elapsed * capacity / 1000
          if served > issued + capacity then served = issued + capacity end
          redis.call('SET', KEYS[2], tostring(served))
          redis.call('SET', KEYS[3], tostring(now))
          return {issued, math.floor(served)}
          """);

  @SuppressWarnings("unchecked")
  private static RedisScript<List<Long>> script(String lua) {
    return new DefaultRedisScript<>(lua, (Class<List<Long>>) (Class<?>) List.class);
  }

  private final StringRedisTemplate redis;
  private final int capacity;

  public RedisAdmissionQueue(StringRedisTemplate redis, int capacity) {
    this.redis = redis;
    this.capacity = capacity;
  }

  @Override
  public long join() {
    Long ticket = redis.opsForValue().increment(KEYS.getFirst());
    return ticket == null ? 0 : ticket;
  }

  @Override
  public Standing standing(long ticket) {
    return Standing.of(ticket, advance().get(1), capacity);
  }

  @Override
  public long waiting() {
    List<Long> state = advance();
    return Math.max(0, state.get(0) - state.get(1));
  }

  @Override
  public int capacity() {
    return capacity;
  }

  private List<Long> advance() {
    return redis.execute(ADVANCE, KEYS, String.valueOf(capacity));
  }
}
