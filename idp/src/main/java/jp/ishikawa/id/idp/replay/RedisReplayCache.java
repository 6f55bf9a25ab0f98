package jp.ishikawa.id.idp.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link ReplayCache} in Redis, shared by every node: one {@code SET NX PX} per identifier, so of
 * two nodes receiving the same value at once exactly one wins. Keys hold a SHA-256 of the
 * identifier, never the value itself.
 */
public final class RedisReplayCache implements ReplayCache {

  private static final String PREFIX = "ishikawa-id:replay:";

  private final StringRedisTemplate redis;
  private final Clock clock;

  public RedisReplayCache(StringRedisTemplate redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public boolean firstUse(Kind kind, String id, Instant expiresAt) {
    Duration ttl = Duration.between(clock.instant(), expiresAt);
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      ttl = Duration.ofSeconds(1);
    }
    Boolean set =
        redis.opsForValue().setIfAbsent(PREFIX + kind.code() + ":" + sha256(id), "1", ttl);
    return Boolean.TRUE.equals(set);
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
