package jp.ishikawa.id.idp.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded default {@link RateLimiter}: per-JVM fixed windows, evicted when they end. */
public final class InMemoryRateLimiter implements RateLimiter {

  private record Window(Instant end, int count) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private final AtomicLong nextEviction = new AtomicLong();

  public InMemoryRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean tryAcquire(String key, int limit, Duration window) {
    Instant now = clock.instant();
    long due = nextEviction.get();
    // Ended windows are dropped at most once a second, never on every call.
    if (now.toEpochMilli() >= due && nextEviction.compareAndSet(due, now.toEpochMilli() + 1000)) {
      windows.values().removeIf(w -> !now.isBefore(w.end()));
    }
    Window updated =
        windows.compute(
            key,
            (k, current) ->
                current == null || !now.isBefore(current.end())
                    ? new Window(now.plus(window), 1)
                    : new Window(current.end(), current.count() + 1));
    return updated.count() <= limit;
  }
}
