package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sweep's one setting check; what it deletes is in {@code StoredTokensContract}. */
class ExpiredAuthorizationsTests {

  private static final Duration SESSION = Duration.ofMinutes(30);

  @Test
  void constructWhenRetentionShorterThanTheSessionIdleTimeoutThenRefusedNamingTheSetting() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ExpiredAuthorizations(null, Clock.systemUTC(), Duration.ofMinutes(29), SESSION))
        .withMessageContaining("ishikawa-id.expired-authorization-retention")
        .withMessageContaining("PT30M");
  }

  @Test
  void constructWhenRetentionNegativeThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new ExpiredAuthorizations(null, Clock.systemUTC(), Duration.ofDays(-1), SESSION));
  }

  @Test
  void constructWhenRetentionIsTheSessionIdleTimeoutThenAccepted() {
    assertThat(new ExpiredAuthorizations(null, Clock.systemUTC(), Duration.ofMinutes(30), SESSION))
        .isNotNull();
  }
}
