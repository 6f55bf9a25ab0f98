package jp.ishikawa.id.idp.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail operators read: what happened, with reason codes and internal identifiers. Never
 * a personal fact, a PIN or a token: callers pass codes and identifiers only, and the detail is
 * truncated. Every field is passed through {@link LogSafe}, so no value can forge a line.
 *
 * <p>The trail is append-only and tamper-evident: each event carries a sequence number and a hash
 * over the previous event's hash and its own canonical form ({@link AuditChain}). Appends lock the
 * chain head row ({@code audit_chain_head}, {@code SELECT ... FOR UPDATE}), so events from every
 * node form one chain; the append joins the caller's transaction, so an action rolled back leaves
 * no event behind and an event is never half-written. {@link AuditChainVerifier} checks the chain.
 */
@Component
public class AuditLog {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  static final int DETAIL_LIMIT = 2000;

  /**
   * One recorded event.
   *
   * @param seq its place in the chain (0 for an event written before the chain existed)
   * @param previousHash the hash of the event before it, or null before the chain existed
   * @param hash {@code SHA-256(previousHash || canonical form)}, or null before the chain existed
   */
  public record Event(
      String id,
      Instant occurredAt,
      String type,
      String outcome,
      String reasonCode,
      String residentId,
      String clientId,
      String detail,
      long seq,
      String previousHash,
      String hash) {}

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

  @Transactional
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
            : safeDetail.length() > DETAIL_LIMIT
                ? safeDetail.substring(0, DETAIL_LIMIT)
                : safeDetail;
    ChainHead head =
        jdbc.sql("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
            .query((rs, row) -> new ChainHead(rs.getLong("seq"), rs.getString("hash")))
            .optional()
            .orElseThrow(() -> new IllegalStateException("the audit chain head row is missing"));
    long seq = head.seq() + 1;
    Event unsigned =
        new Event(
            UUID.randomUUID().toString(),
            AuditChain.storedPrecision(clock.instant()),
            type,
            outcome,
            reasonCode,
            residentId,
            clientId,
            trimmed,
            seq,
            head.hash(),
            null);
    String hash = AuditChain.hash(head.hash(), unsigned);
    jdbc.sql(
            """
            INSERT INTO audit_event
              (id, occurred_at, event_type, outcome, reason_code, resident_id, client_id, detail,
               seq, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            unsigned.id(),
            Timestamp.from(unsigned.occurredAt()),
            type,
            outcome,
            reasonCode,
            residentId,
            clientId,
            trimmed,
            seq,
            head.hash(),
            hash)
        .update();
    jdbc.sql("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")
        .params(seq, hash)
        .update();
    log.info(
        "audit type={} outcome={} reason={} client={}",
        LogSafe.text(type),
        LogSafe.text(outcome),
        LogSafe.text(reasonCode),
        LogSafe.text(clientId));
    events.publishEvent(new Recorded(type, outcome, reasonCode, clientId));
  }

  /**
   * The newest events first (in append order: a test that moves the clock cannot reorder them), for
   * tests and the admin console.
   */
  public List<Event> recent(int limit) {
    return jdbc.sql(
            "SELECT * FROM audit_event ORDER BY seq DESC NULLS LAST, occurred_at DESC LIMIT ?")
        .param(limit)
        .query((rs, row) -> event(rs))
        .list();
  }

  /** Reads one row of {@code audit_event}. */
  static Event event(ResultSet rs) throws SQLException {
    long seq = rs.getLong("seq");
    boolean chained = !rs.wasNull();
    return new Event(
        rs.getString("id"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("event_type"),
        rs.getString("outcome"),
        rs.getString("reason_code"),
        rs.getString("resident_id"),
        rs.getString("client_id"),
        rs.getString("detail"),
        chained ? seq : 0,
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private record ChainHead(long seq, String hash) {}
}
