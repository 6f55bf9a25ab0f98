package jp.ishikawa.id.idp.logout;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Delivers the back-channel logout outbox: every {@code poll-interval}, on every node, it takes the
 * rows that are due, claims each with a conditional update (the node whose update wins sends it;
 * the claim holds for {@link #CLAIM}, so a node that dies mid-delivery leaves it to another), and
 * POSTs {@code logout_token} (§2.5) to the client's {@code backchannel-logout-uri}.
 *
 * <ul>
 *   <li>a 2xx answer: delivered;
 *   <li>anything else — another status, a timeout, no connection, a client no longer configured —
 *       is retried after {@code initial-backoff} × 2<sup>attempts−1</sup>, at most {@code
 *       max-backoff}, up to {@code max-attempts}; then the row is abandoned and audited.
 * </ul>
 *
 * It runs on its own thread, never on a resident's request; the outbox row is all that links them.
 *
 * <p>{@link #close()} (a node stopping, e.g. in a rolling update) claims nothing more and lets the
 * delivery in flight end — answered or timed out — and record its outcome before the database goes
 * away. Only if that takes longer than {@code timeout} plus {@link #CLOSE_GRACE} is the delivery
 * interrupted, and it then gives its claim back, so another node sends the row on its next poll
 * rather than after {@link #CLAIM}.
 */
public final class BackchannelLogoutDelivery implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackchannelLogoutDelivery.class);

  /** How long a claimed row is left to the node that claimed it. */
  static final Duration CLAIM = Duration.ofMinutes(2);

  /** How much longer than one delivery's {@code timeout} {@link #close()} waits for it. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private static final int BATCH = 20;

  private record Due(
      String id,
      String registeredClientId,
      String principal,
      String sid,
      int attempts,
      Instant nextAttemptAt) {}

  private final JdbcClient jdbc;
  private final RegisteredClientRepository clients;
  private final LogoutTokens tokens;
  private final AuditLog audit;
  private final Clock clock;
  private final IshikawaIdProperties.BackchannelLogout settings;
  private final HttpClient http;
  private volatile boolean closing;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "backchannel-logout");
            thread.setDaemon(true);
            return thread;
          });

  public BackchannelLogoutDelivery(
      JdbcClient jdbc,
      RegisteredClientRepository clients,
      LogoutTokens tokens,
      AuditLog audit,
      Clock clock,
      IshikawaIdProperties.BackchannelLogout settings) {
    this.jdbc = jdbc;
    this.clients = clients;
    this.tokens = tokens;
    this.audit = audit;
    this.clock = clock;
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.getTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Starts polling (called once the application is up). */
  public void start() {
    long every = settings.getPollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closing = true;
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(
          settings.getTimeout().plus(CLOSE_GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
        scheduler.shutdownNow();
        scheduler.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    http.close();
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // The database may be away for a while: the rows stay due, the next poll tries again.
      log.warn("back-channel logout poll failed: {}", e.getClass().getSimpleName());
    }
  }

  /** Delivers what is due now; returns how many were delivered. */
  int poll() {
    Instant now = clock.instant();
    List<Due> due =
        jdbc.sql(
                """
                SELECT id, registered_client_id, principal_name, session_id, attempts,
                       next_attempt_at
                FROM backchannel_logout_outbox
                WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= ?
                ORDER BY next_attempt_at
                LIMIT ?
                """)
            .params(Timestamp.from(now), BATCH)
            .query(
                (rs, row) ->
                    new Due(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getTimestamp(6).toInstant()))
            .list();
    int delivered = 0;
    for (Due row : due) {
      if (closing) {
        break;
      }
      if (claim(row, now) && deliver(row)) {
        delivered++;
      }
    }
    return delivered;
  }

  private boolean claim(Due row, Instant now) {
    return jdbc.sql(
                """
                UPDATE backchannel_logout_outbox SET next_attempt_at = ?
                WHERE id = ? AND next_attempt_at = ? AND delivered_at IS NULL
                  AND abandoned_at IS NULL
                """)
            .params(Timestamp.from(now.plus(CLAIM)), row.id(), Timestamp.from(row.nextAttemptAt()))
            .update()
        == 1;
  }

  private boolean deliver(Due row) {
    RegisteredClient client = clients.findById(row.registeredClientId());
    String uri = client == null ? null : BackchannelLogout.logoutUri(client);
    if (uri == null) {
      failed(row, "client_gone", true, null);
      return false;
    }
    String error;
    try {
      String body =
          "logout_token="
              + URLEncoder.encode(
                  tokens.build(client, row.principal(), row.sid()), StandardCharsets.UTF_8);
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(uri))
                  .timeout(settings.getTimeout())
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        jdbc.sql(
                """
                UPDATE backchannel_logout_outbox
                SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?
                """)
            .params(Timestamp.from(clock.instant()), row.id())
            .update();
        audit.record(
            "backchannel_logout.delivered", "success", null, null, client.getClientId(), null);
        return true;
      }
      error = "http_" + response.statusCode();
    } catch (java.io.IOException e) {
      error = "io_" + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      // Only a node closing interrupts: give the claim back first (the pool refuses a thread
      // that is marked interrupted), then keep the mark.
      release(row);
      Thread.currentThread().interrupt();
      return false;
    }
    failed(row, error, row.attempts() + 1 >= settings.getMaxAttempts(), client.getClientId());
    return false;
  }

  /** Makes a claimed row due again at once, counting no attempt: nothing was answered. */
  private void release(Due row) {
    jdbc.sql(
            """
            UPDATE backchannel_logout_outbox SET next_attempt_at = ?, last_error = 'interrupted'
            WHERE id = ? AND delivered_at IS NULL AND abandoned_at IS NULL
            """)
        .params(Timestamp.from(clock.instant()), row.id())
        .update();
  }

  private void failed(Due row, String error, boolean abandon, String clientId) {
    int attempts = row.attempts() + 1;
    Instant now = clock.instant();
    if (abandon) {
      jdbc.sql(
              """
              UPDATE backchannel_logout_outbox
              SET abandoned_at = ?, attempts = ?, last_error = ? WHERE id = ?
              """)
          .params(Timestamp.from(now), attempts, error, row.id())
          .update();
      audit.record(
          "backchannel_logout.abandoned",
          "failure",
          error,
          null,
          clientId != null ? clientId : row.registeredClientId(),
          attempts + " attempt(s)");
      return;
    }
    jdbc.sql(
            """
            UPDATE backchannel_logout_outbox
            SET next_attempt_at = ?, attempts = ?, last_error = ? WHERE id = ?
            """)
        .params(Timestamp.from(now.plus(backoff(attempts))), attempts, error, row.id())
        .update();
  }

  /** {@code initial-backoff} × 2<sup>attempts−1</sup>, at most {@code max-backoff}. */
  Duration backoff(int attempts) {
    Duration delay = settings.getInitialBackoff();
    for (int i = 1; i < attempts && delay.compareTo(settings.getMaxBackoff()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(settings.getMaxBackoff()) > 0 ? settings.getMaxBackoff() : delay;
  }
}
