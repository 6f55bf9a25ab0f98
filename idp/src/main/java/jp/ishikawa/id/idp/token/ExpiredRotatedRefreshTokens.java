package jp.ishikawa.id.idp.token;

import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes the hashes of rotated refresh tokens that have expired ({@code
 * oauth2_rotated_refresh_token}, written by {@link HashedTokenAuthorizationService}). An expired
 * hash is already ignored by reuse detection, which looks only at hashes still valid, so deleting
 * it changes no answer; it only keeps the table at the size of the refresh tokens still alive.
 *
 * <p>This used to run as one {@code DELETE ... WHERE expires_at < ?} inside every refresh grant;
 * under load that statement was PostgreSQL's costliest (a scan of the growing table per grant,
 * docs/performance.md). Now every node sweeps on a schedule ({@code
 * ishikawa-id.rotated-refresh-token-sweep-interval}, every 5 minutes by default): one statement
 * over the {@code expires_at} index, deleting what expired since the last sweep (at most five
 * minutes of refresh grants made a refresh-token lifetime ago). Two nodes sweeping at once delete
 * each row once; the other finds it gone.
 */
public class ExpiredRotatedRefreshTokens {

  private static final Logger log = LoggerFactory.getLogger(ExpiredRotatedRefreshTokens.class);

  private final JdbcClient jdbc;
  private final Clock clock;

  public ExpiredRotatedRefreshTokens(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Deletes every expired hash; returns how many were deleted. */
  @Scheduled(
      fixedDelayString = "${ishikawa-id.rotated-refresh-token-sweep-interval:PT5M}",
      initialDelayString = "${ishikawa-id.rotated-refresh-token-sweep-interval:PT5M}")
  public int sweep() {
    int deleted =
        jdbc.sql("DELETE FROM oauth2_rotated_refresh_token WHERE expires_at < ?")
            .param(Timestamp.from(clock.instant()))
            .update();
    if (deleted > 0) {
      log.info("deleted {} expired rotated refresh token hashes", deleted);
    }
    return deleted;
  }
}
