package jp.ishikawa.id.idp.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail operators read: what happened, with reason codes and internal identifiers. Never
 * a personal fact, a PIN or a token: callers pass codes and identifiers only, and the detail is
 * truncated. Every field is passed through {@link LogSafe}, so no value can forge a line.
 *
 * <p>The trail is append-only and tamper-evident: each event carries a sequence number and a hash
 * over the previous event's hash and its own canonical form ({@link AuditChain}). Appends lock the
 * chain head row ({@code audit_chain_head}, {@code SELECT ... FOR UPDATE}), so events from every
 * node form one chain; inside a transaction the append joins it, so an action rolled back leaves no
 * event behind, and outside one concurrent appends are committed together ({@link #record}). An
 * event is never half-written. {@link AuditChainVerifier} checks the chain.
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

  /** The most events one group commit writes (the rest wait for the next). */
  static final int BATCH_LIMIT = 256;

  private final JdbcClient jdbc;
  private final JdbcOperations batches;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate ownTransaction;
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writer = new ReentrantLock();

  public AuditLog(
      JdbcClient jdbc,
      JdbcOperations batches,
      Clock clock,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.batches = batches;
    this.clock = clock;
    this.events = events;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Appends an event and returns once it is committed (or throws, and nothing of it is stored).
   *
   * <p>Inside the caller's transaction the append joins it: an action rolled back leaves no event
   * behind. Outside one (a login, a card response), appends of concurrent requests are committed
   * together (group commit): the caller enqueues its event and waits; whoever holds this node's
   * writer lock takes everything queued, locks the chain head row, inserts the events in queue
   * order, moves the head and commits once, then wakes the callers it wrote for. The chain head row
   * lock is then held for one commit per batch instead of one per event, which was the login path's
   * bottleneck under load (docs/performance.md). A failed batch fails every caller in it.
   */
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
            0,
            null,
            null);
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      append(List.of(unsigned));
    } else {
      groupCommit(new Pending(unsigned));
    }
    log.info(
        "audit type={} outcome={} reason={} client={}",
        LogSafe.text(type),
        LogSafe.text(outcome),
        LogSafe.text(reasonCode),
        LogSafe.text(clientId));
    events.publishEvent(new Recorded(type, outcome, reasonCode, clientId));
  }

  /** An event waiting for a group commit, and how it ended. */
  private static final class Pending {
    final Event event;
    volatile boolean done;
    volatile RuntimeException failure;

    Pending(Event event) {
      this.event = event;
    }
  }

  private void groupCommit(Pending mine) {
    pending.add(mine);
    while (!mine.done) {
      writer.lock();
      try {
        if (mine.done) {
          break;
        }
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < BATCH_LIMIT && (next = pending.poll()) != null) {
          batch.add(next);
        }
        if (batch.isEmpty()) {
          // Cannot happen (this caller's event is queued or was written by a batch that set it
          // done before releasing the lock); never write an empty batch.
          continue;
        }
        RuntimeException failure = null;
        try {
          ownTransaction.executeWithoutResult(
              status -> append(batch.stream().map(p -> p.event).toList()));
        } catch (RuntimeException e) {
          failure = e;
        }
        for (Pending written : batch) {
          written.failure = failure;
          written.done = true;
        }
      } finally {
        writer.unlock();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /**
   * Links the events to the chain in order and stores them, in the current transaction: the chain
   * head row is locked ({@code SELECT ... FOR UPDATE}) until it commits, so appends from every node
   * form one chain.
   */
  private void append(List<Event> unsigned) {
    ChainHead head =
        jdbc.sql("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
            .query((rs, row) -> new ChainHead(rs.getLong("seq"), rs.getString("hash")))
            .optional()
            .orElseThrow(() -> new IllegalStateException("the audit chain head row is missing"));
    long seq = head.seq();
    String previous = head.hash();
    List<Object[]> rows = new ArrayList<>(unsigned.size());
    for (Event event : unsigned) {
      seq++;
      Event linked =
          new Event(
              event.id(),
              event.occurredAt(),
              event.type(),
              event.outcome(),
              event.reasonCode(),
              event.residentId(),
              event.clientId(),
              event.detail(),
              seq,
              previous,
              null);
      String hash = AuditChain.hash(previous, linked);
      rows.add(
          new Object[] {
            linked.id(),
            Timestamp.from(linked.occurredAt()),
            linked.type(),
            linked.outcome(),
            linked.reasonCode(),
            linked.residentId(),
            linked.clientId(),
            linked.detail(),
            seq,
            previous,
            hash
          });
      previous = hash;
    }
    String insert =
        """
        INSERT INTO audit_event
          (id, occurred_at, event_type, outcome, reason_code, resident_id, client_id, detail,
           seq, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """;
    if (rows.size() == 1) {
      jdbc.sql(insert).params(rows.getFirst()).update();
    } else {
      batches.batchUpdate(insert, rows);
    }
    jdbc.sql("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")
        .params(seq, previous)
        .update();
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
