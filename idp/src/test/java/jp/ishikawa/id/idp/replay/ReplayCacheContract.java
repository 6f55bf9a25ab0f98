package jp.ishikawa.id.idp.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ReplayCache} does, whichever storage holds it. */
abstract class ReplayCacheContract {

  protected abstract ReplayCache cache();

  /** Another node's view of the same storage. */
  protected abstract ReplayCache otherNode();

  private static String id() {
    return "client " + UUID.randomUUID();
  }

  @Test
  void firstUseWhenNeverSeenThenTrue() {
    assertThat(cache().firstUse(ReplayCache.Kind.DPOP_PROOF, id(), Instant.now().plusSeconds(60)))
        .isTrue();
  }

  @Test
  void firstUseWhenSeenBeforeThenFalse() {
    String id = id();
    cache().firstUse(ReplayCache.Kind.DPOP_PROOF, id, Instant.now().plusSeconds(60));

    assertThat(cache().firstUse(ReplayCache.Kind.DPOP_PROOF, id, Instant.now().plusSeconds(60)))
        .isFalse();
  }

  @Test
  void firstUseWhenSeenByAnotherNodeThenFalse() {
    String id = id();
    cache().firstUse(ReplayCache.Kind.CLIENT_ASSERTION, id, Instant.now().plusSeconds(60));

    assertThat(
            otherNode()
                .firstUse(ReplayCache.Kind.CLIENT_ASSERTION, id, Instant.now().plusSeconds(60)))
        .isFalse();
  }

  @Test
  void firstUseWhenSameValueOfAnotherKindThenTrue() {
    String id = id();
    cache().firstUse(ReplayCache.Kind.CLIENT_ASSERTION, id, Instant.now().plusSeconds(60));

    assertThat(cache().firstUse(ReplayCache.Kind.DPOP_PROOF, id, Instant.now().plusSeconds(60)))
        .isTrue();
  }
}
