package jp.ishikawa.id.idp.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit trail operators read: what happened, with reason codes and internal identifiers. Never
 * a personal fact, a PIN or a token: callers pass codes and identifiers only, and the detail is
 * truncated. Every field is passed through {@link LogSafe}, so no value can forge a line.
 */
@Component
public class AuditLog {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  /** One recorded event. */
  public record Event(
      String id,
      java.time.Instant occurredAt,
      String type,
      String outcome,
      String reasonCode,
      String residentId,
      String clientId,
      String detail) {}

  /**
   * Published after an event is stored, for counters (metrics): codes only, never the detail or the
   * resident.
   */
  public record Recorded(String type, String outcome, String reasonCode, String clientId) {}

  private final JdbcClient jdbc;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public AuditLog(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
  }

  public void record(
      String type,
      String outcome,
      String reasonCode,
      String residentId,
      String clientId,
      String detail) {
    String safeDetail = LogSafe.text(detail);
    String trimmed =
        safeDetail == null
            ? null
            : safeDetail.length() > 2000 ? safeDetail.substring(0, 2000) : safeDetail;
    jdbc.sql(
            """
            INSERT INTO audit_event
              (id, occurred_at, event_type, outcome, reason_code, resident_id, client_id, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            UUID.randomUUID().toString(),
            Timestamp.from(clock.instant()),
            type,
            outcome,
            reasonCode,
            residentId,
            clientId,
            trimmed)
        .update();
    log.info(
        "audit type={} outcome={} reason={} client={}",
        LogSafe.text(type),
        LogSafe.text(outcome),
        LogSafe.text(reasonCode),
        LogSafe.text(clientId));
    events.publishEvent(new Recorded(type, outcome, reasonCode, clientId));
  }

  /** The newest events first, for tests and the admin console. */
  public List<Event> recent(int limit) {
    return jdbc.sql("SELECT * FROM audit_event ORDER BY occurred_at DESC LIMIT ?")
        .param(limit)
        .query(
            (rs, row) ->
                new Event(
                    rs.getString("id"),
                    rs.getTimestamp("occurred_at").toInstant(),
                    rs.getString("event_type"),
                    rs.getString("outcome"),
                    rs.getString("reason_code"),
                    rs.getString("resident_id"),
                    rs.getString("client_id"),
                    rs.getString("detail")))
        .list();
  }
}
