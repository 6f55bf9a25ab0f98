package jp.ishikawa.id.idp.client;

import java.time.Instant;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A registered client with what the admin console keeps of it ({@code managed_client}): where it
 * comes from, whether it may be used, and when and by whom (a staff member's resident id, {@code
 * null} for the configuration) it was made and last changed.
 */
public record ClientRegistration(
    RegisteredClient client,
    Source source,
    Status status,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    String updatedBy) {

  /** Where a client is defined. */
  public enum Source {
    /** {@code ishikawa-id.clients}: read-only in the console, except its status. */
    CONFIGURATION("configuration"),
    /** Made in the admin console: lives only in the database. */
    CONSOLE("console");

    private final String code;

    Source(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Source of(String code) {
      return code.equals(CONSOLE.code) ? CONSOLE : CONFIGURATION;
    }
  }

  /** Whether the client may authorize, authenticate and use its tokens. */
  public enum Status {
    ACTIVE("active"),
    DISABLED("disabled");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    static Status of(String code) {
      return code.equals(ACTIVE.code) ? ACTIVE : DISABLED; // fail closed
    }
  }

  public boolean active() {
    return status == Status.ACTIVE;
  }
}
