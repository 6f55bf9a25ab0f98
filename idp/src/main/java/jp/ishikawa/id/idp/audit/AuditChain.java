package jp.ishikawa.id.idp.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit trail's hash chain: each event's hash is {@code SHA-256(previous hash || canonical
 * form)}, lowercase hex, and the first event links to {@link #GENESIS}. Editing a stored event
 * changes its hash; deleting or reordering events breaks the sequence numbers or the links.
 *
 * <p>The canonical form is every field of the event in a fixed order, each written as {@code
 * <length>:<value>;} (length in UTF-8 bytes) or {@code ~;} for null, so no two different events
 * share one form. The time is in ISO-8601 UTC with microseconds, the precision both PostgreSQL and
 * H2 keep ({@link #storedPrecision}).
 */
public final class AuditChain {

  /** What the first event links to: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The instant as the database keeps it: both PostgreSQL and H2 store microseconds. */
  public static Instant storedPrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** The hash of one event, given the hash of the event before it. */
  public static String hash(String previousHash, AuditLog.Event event) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
    sha256.update(canonical(event).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** The canonical form of an event: what its hash covers. */
  static String canonical(AuditLog.Event event) {
    StringBuilder out = new StringBuilder();
    field(out, Long.toString(event.seq()));
    field(out, event.id());
    field(out, storedPrecision(event.occurredAt()).toString());
    field(out, event.type());
    field(out, event.outcome());
    field(out, event.reasonCode());
    field(out, event.residentId());
    field(out, event.clientId());
    field(out, event.detail());
    return out.toString();
  }

  private static void field(StringBuilder out, String value) {
    if (value == null) {
      out.append("~;");
    } else {
      out.append(value.getBytes(StandardCharsets.UTF_8).length)
          .append(':')
          .append(value)
          .append(';');
    }
  }
}
