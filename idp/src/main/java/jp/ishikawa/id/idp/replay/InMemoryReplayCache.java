package jp.ishikawa.id.idp.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded default {@link ReplayCache}: this JVM only, expired entries dropped each second. */
public final class InMemoryReplayCache implements ReplayCache {

  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private final Clock clock;
  private final AtomicLong nextEviction = new AtomicLong();

  public InMemoryReplayCache(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean firstUse(Kind kind, String id, Instant expiresAt) {
    Instant now = clock.instant();
    long due = nextEviction.get();
    if (now.toEpochMilli() >= due && nextEviction.compareAndSet(due, now.toEpochMilli() + 1000)) {
      seen.values().removeIf(expiry -> !now.isBefore(expiry));
    }
    boolean[] first = {false};
    seen.compute(
        kind.code() + ":" + id,
        (key, current) -> {
          if (current == null || !now.isBefore(current)) {
            first[0] = true;
            return expiresAt;
          }
          return current;
        });
    return first[0];
  }
}
