package jp.ishikawa.id.idp.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes the stored authorizations ({@code oauth2_authorization}) that can no longer be used and
 * are no longer needed: every code and token of the row expired more than {@code
 * ishikawa-id.expired-authorization-retention} ago (1 day by default), and the same service has a
 * newer access token for the same resident (or the row never held an access token: a code never
 * redeemed). Without it the table grows by a row per login and per machine grant, forever.
 *
 * <p>What the rows are still read for, and why those reads keep their answers:
 *
 * <ul>
 *   <li>a code or token of a deleted row had expired, so it was refused already: no grant,
 *       introspection or userinfo answer changes; a rotated refresh token of it had expired too
 *       (rotation never extends an older token), so reuse detection ignored it already;
 *   <li>when each service last got a token for the resident ({@link
 *       ResidentAuthorizations#lastTokenIssuedAt}, shown on the consent pages) is the newest access
 *       token per service and resident, and the newest row of each pair is never deleted;
 *   <li>back-channel logout finds the services of a login session by the {@code sid} of their ID
 *       tokens: a login session ends after 30 minutes without use, so a row past its last expiry by
 *       the retention (which is therefore at least 30 minutes) belongs to a session that ended, or
 *       to one in continuous use for longer than the retention whose service has not been signed
 *       into again since (the one case left; docs/operations.md).
 * </ul>
 *
 * <p>Every node sweeps every {@code ishikawa-id.expired-authorization-sweep-interval} (1 hour) with
 * one statement: one pass over the table, the newer-token check through the {@code (principal_name,
 * registered_client_id)} index. Batches of a few hundred rows would hold fewer row locks, but each
 * batch would scan again from the table's start; the rows deleted are dead, so nothing else waits
 * for their locks. Two nodes sweeping at once delete each row once.
 */
public class ExpiredAuthorizations {

  private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizations.class);

  private static final String EXPIRED_BEFORE =
      """
      DELETE FROM oauth2_authorization a
        WHERE COALESCE(a.authorization_code_expires_at, a.access_token_expires_at,
                a.refresh_token_expires_at, a.oidc_id_token_expires_at,
                a.device_code_expires_at, a.user_code_expires_at) IS NOT NULL
          AND (a.authorization_code_expires_at IS NULL OR a.authorization_code_expires_at < :before)
          AND (a.access_token_expires_at IS NULL OR a.access_token_expires_at < :before)
          AND (a.refresh_token_expires_at IS NULL OR a.refresh_token_expires_at < :before)
          AND (a.oidc_id_token_expires_at IS NULL OR a.oidc_id_token_expires_at < :before)
          AND (a.device_code_expires_at IS NULL OR a.device_code_expires_at < :before)
          AND (a.user_code_expires_at IS NULL OR a.user_code_expires_at < :before)
          AND (a.access_token_issued_at IS NULL OR EXISTS (
                SELECT 1 FROM oauth2_authorization n
                WHERE n.principal_name = a.principal_name
                  AND n.registered_client_id = a.registered_client_id
                  AND n.access_token_issued_at > a.access_token_issued_at))
      """;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param retention how long after its last expiry a row is kept; at least {@code
   *     sessionIdleTimeout}, or start-up fails
   * @param sessionIdleTimeout how long a login session lives without use (30 minutes)
   */
  public ExpiredAuthorizations(
      JdbcClient jdbc, Clock clock, Duration retention, Duration sessionIdleTimeout) {
    if (retention.compareTo(sessionIdleTimeout) < 0) {
      throw new IllegalArgumentException(
          "ishikawa-id.expired-authorization-retention is "
              + retention
              + ": it must be at least "
              + sessionIdleTimeout
              + " (the login session's idle timeout), or back-channel logout of a session"
              + " still alive could miss a service");
    }
    this.jdbc = jdbc;
    this.clock = clock;
    this.retention = retention;
  }

  /** Deletes every authorization past its retention; returns how many were deleted. */
  @Scheduled(
      fixedDelayString = "${ishikawa-id.expired-authorization-sweep-interval:PT1H}",
      initialDelayString = "${ishikawa-id.expired-authorization-sweep-interval:PT1H}")
  public int sweep() {
    Timestamp before = Timestamp.from(clock.instant().minus(retention));
    int deleted = jdbc.sql(EXPIRED_BEFORE).param("before", before).update();
    if (deleted > 0) {
      log.info("deleted {} expired authorizations", deleted);
    }
    return deleted;
  }
}
