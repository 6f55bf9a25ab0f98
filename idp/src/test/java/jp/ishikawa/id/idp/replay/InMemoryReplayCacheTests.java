package jp.ishikawa.id.idp.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jp.ishikawa.id.idp.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The embedded cache: one JVM is the only node, so "another node" is the same instance. */
class InMemoryReplayCacheTests extends ReplayCacheContract {

  private final MutableClock clock = new MutableClock();
  private final InMemoryReplayCache cache = new InMemoryReplayCache(clock);

  @Override
  protected ReplayCache cache() {
    return cache;
  }

  @Override
  protected ReplayCache otherNode() {
    return cache;
  }

  @Test
  void firstUseWhenEarlierUseExpiredThenTrueAgain() {
    cache.firstUse(ReplayCache.Kind.DPOP_PROOF, "k j", clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(61));

    assertThat(cache.firstUse(ReplayCache.Kind.DPOP_PROOF, "k j", clock.instant().plusSeconds(60)))
        .isTrue();
  }
}
