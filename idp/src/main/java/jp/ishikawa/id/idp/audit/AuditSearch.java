package jp.ishikawa.id.idp.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Finds audit events by time, event type, service and resident, newest first. */
@Component
public class AuditSearch {

  /** The most events one search returns. */
  public static final int MAX_LIMIT = 1000;

  /**
   * What to look for; null fields match everything.
   *
   * @param from events at or after this instant
   * @param to events before this instant
   * @param type the event type, exactly
   * @param clientId the service's client id, exactly
   * @param residentId the resident's internal id, exactly
   * @param limit at most this many events (1 to {@value #MAX_LIMIT})
   */
  public record Query(
      Instant from, Instant to, String type, String clientId, String residentId, int limit) {

    public Query {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
      }
    }
  }

  private final JdbcClient jdbc;

  public AuditSearch(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<AuditLog.Event> find(Query query) {
    StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (query.from() != null) {
      sql.append(" AND occurred_at >= ?");
      params.add(Timestamp.from(query.from()));
    }
    if (query.to() != null) {
      sql.append(" AND occurred_at < ?");
      params.add(Timestamp.from(query.to()));
    }
    if (query.type() != null) {
      sql.append(" AND event_type = ?");
      params.add(query.type());
    }
    if (query.clientId() != null) {
      sql.append(" AND client_id = ?");
      params.add(query.clientId());
    }
    if (query.residentId() != null) {
      sql.append(" AND resident_id = ?");
      params.add(query.residentId());
    }
    sql.append(" ORDER BY occurred_at DESC, seq DESC NULLS LAST LIMIT ?");
    params.add(query.limit());
    return jdbc.sql(sql.toString()).params(params).query((rs, row) -> AuditLog.event(rs)).list();
  }
}
