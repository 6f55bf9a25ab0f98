package jp.ishikawa.id.idp.identity;

import java.time.Instant;

/**
 * A resident: one Ishikawa ID.
 *
 * @param id the internal key (never shown, never in a token)
 * @param ishikawaId the public identifier: random, never derived from card data; the {@code sub}
 *     for first-party services
 * @param status active or deactivated
 * @param createdAt when the resident registered
 */
public record Resident(String id, String ishikawaId, Status status, Instant createdAt) {

  /** Whether the account can be used. */
  public enum Status {
    ACTIVE,
    DEACTIVATED
  }

  public boolean active() {
    return status == Status.ACTIVE;
  }
}
