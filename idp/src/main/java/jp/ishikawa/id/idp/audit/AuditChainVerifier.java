package jp.ishikawa.id.idp.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Walks the audit chain in sequence order and names the first broken link. Checks, in order, for
 * each event: its sequence number follows the previous one ({@code missing_event}: an event was
 * deleted), it links to the previous event's hash ({@code link_mismatch}: an event before it was
 * replaced), its hash covers its content ({@code hash_mismatch}: it was edited, or moved to another
 * place); then the chain ends where the head row says ({@code missing_tail}: the newest events were
 * deleted; {@code head_mismatch}), and no event sits outside the chain after it started ({@code
 * unchained_event}: a row inserted past the chain).
 *
 * <p>It reads the head first and checks up to the head's sequence number, so it runs safely while
 * other nodes append. Rows are read in pages of {@value #PAGE} by sequence number.
 */
public final class AuditChainVerifier {

  static final int PAGE = 1000;

  /** What is wrong with one link. */
  public enum Problem {
    MISSING_EVENT("missing_event"),
    LINK_MISMATCH("link_mismatch"),
    HASH_MISMATCH("hash_mismatch"),
    MISSING_TAIL("missing_tail"),
    HEAD_MISMATCH("head_mismatch"),
    UNCHAINED_EVENT("unchained_event"),
    NO_HEAD("no_head");

    private final String code;

    Problem(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The first broken link.
   *
   * @param seq the sequence number where the chain breaks (the expected one, for a missing event)
   * @param eventId the id of the event found there, or null when none is
   * @param problem what is wrong
   * @param detail one sentence for the operator
   */
  public record BrokenLink(long seq, String eventId, Problem problem, String detail) {}

  /**
   * The verdict.
   *
   * @param intact true when every link holds
   * @param events chained events checked
   * @param unchained events written before the chain existed (not covered by it)
   * @param headSeq the head's sequence number
   * @param headHash the head's hash: an operator may keep it elsewhere to detect a rewritten chain
   * @param firstBroken the first broken link, or null when intact
   */
  public record Verdict(
      boolean intact,
      long events,
      long unchained,
      long headSeq,
      String headHash,
      BrokenLink firstBroken) {}

  private final JdbcClient jdbc;

  public AuditChainVerifier(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Verdict verify() {
    List<Head> heads =
        jdbc.sql("SELECT seq, hash, started_at FROM audit_chain_head WHERE id = 1")
            .query(
                (rs, row) ->
                    new Head(
                        rs.getLong("seq"),
                        rs.getString("hash"),
                        rs.getTimestamp("started_at").toInstant()))
            .list();
    if (heads.isEmpty()) {
      return new Verdict(
          false,
          0,
          0,
          0,
          null,
          new BrokenLink(0, null, Problem.NO_HEAD, "the audit_chain_head row is missing"));
    }
    Head head = heads.getFirst();
    long unchained =
        jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE seq IS NULL").query(Long.class).single();
    long expected = 1;
    String previousHash = AuditChain.GENESIS;
    while (expected <= head.seq()) {
      List<AuditLog.Event> page =
          jdbc.sql(
                  "SELECT * FROM audit_event WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT "
                      + PAGE)
              .params(expected, head.seq())
              .query((rs, row) -> AuditLog.event(rs))
              .list();
      if (page.isEmpty()) {
        break;
      }
      for (AuditLog.Event event : page) {
        BrokenLink broken = check(event, expected, previousHash);
        if (broken != null) {
          return broken(expected - 1, unchained, head, broken);
        }
        previousHash = event.hash();
        expected++;
      }
    }
    long checked = expected - 1;
    if (checked < head.seq()) {
      return broken(
          checked,
          unchained,
          head,
          new BrokenLink(
              expected,
              null,
              Problem.MISSING_TAIL,
              "the head says "
                  + head.seq()
                  + " events, the chain ends at "
                  + checked
                  + ": the newest were deleted"));
    }
    if (!head.hash().equals(previousHash)) {
      return broken(
          checked,
          unchained,
          head,
          new BrokenLink(
              head.seq(),
              null,
              Problem.HEAD_MISMATCH,
              "the head's hash is not the hash of the last event"));
    }
    List<String> late =
        jdbc.sql(
                "SELECT id FROM audit_event WHERE seq IS NULL AND occurred_at > ? ORDER BY"
                    + " occurred_at LIMIT 1")
            .param(java.sql.Timestamp.from(head.startedAt()))
            .query(String.class)
            .list();
    if (!late.isEmpty()) {
      return broken(
          checked,
          unchained,
          head,
          new BrokenLink(
              0,
              late.getFirst(),
              Problem.UNCHAINED_EVENT,
              "an event without a sequence number is dated after the chain started"));
    }
    return new Verdict(true, checked, unchained, head.seq(), head.hash(), null);
  }

  private static BrokenLink check(AuditLog.Event event, long expected, String previousHash) {
    if (event.seq() != expected) {
      return new BrokenLink(
          expected,
          event.id(),
          Problem.MISSING_EVENT,
          "event " + expected + " is missing; the next stored event is " + event.seq());
    }
    if (!previousHash.equals(event.previousHash())) {
      return new BrokenLink(
          expected,
          event.id(),
          Problem.LINK_MISMATCH,
          "the event does not link to the hash of event " + (expected - 1));
    }
    if (!Objects.equals(event.hash(), AuditChain.hash(previousHash, event))) {
      return new BrokenLink(
          expected,
          event.id(),
          Problem.HASH_MISMATCH,
          "the event's content does not match its hash: it was changed after it was written");
    }
    return null;
  }

  private static Verdict broken(long checked, long unchained, Head head, BrokenLink link) {
    return new Verdict(false, checked, unchained, head.seq(), head.hash(), link);
  }

  private record Head(long seq, String hash, Instant startedAt) {}
}
