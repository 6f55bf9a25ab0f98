package jp.ishikawa.id.idp.web;

import java.time.Duration;

/**
 * Fixed-window counters that slow down abuse (transaction floods, response guessing): Redis in
 * production, so every node counts together; in-process by default. Every counter expires.
 */
public interface RateLimiter {

  /** Counts one event for {@code key}; false when the window already holds {@code limit}. */
  boolean tryAcquire(String key, int limit, Duration window);
}
