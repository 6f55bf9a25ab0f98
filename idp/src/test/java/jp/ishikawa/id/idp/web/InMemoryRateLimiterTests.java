package jp.ishikawa.id.idp.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jp.ishikawa.id.idp.testing.MutableClock;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTests {

  private final MutableClock clock = new MutableClock();
  private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);

  @Test
  void tryAcquireWhenWithinLimitThenAllowedAndBeyondRefused() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("session-a", 3, Duration.ofMinutes(1))).isTrue();
    }
    assertThat(limiter.tryAcquire("session-a", 3, Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void tryAcquireWhenWindowEndedThenCountsAgain() {
    for (int i = 0; i < 4; i++) {
      limiter.tryAcquire("session-b", 3, Duration.ofMinutes(1));
    }
    clock.advance(Duration.ofSeconds(61));

    assertThat(limiter.tryAcquire("session-b", 3, Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void tryAcquireWhenOtherKeyThenCountedSeparately() {
    for (int i = 0; i < 4; i++) {
      limiter.tryAcquire("session-c", 3, Duration.ofMinutes(1));
    }

    assertThat(limiter.tryAcquire("session-d", 3, Duration.ofMinutes(1))).isTrue();
  }
}
