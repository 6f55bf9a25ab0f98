package jp.ishikawa.id.idp.client;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The durable clients: Spring's {@code oauth2_registered_client} rows (read and written by its
 * {@link JdbcRegisteredClientRepository}) with their {@code managed_client} row. Every change is
 * one transaction; callers then announce it ({@link ClientChanges}) so every node reloads.
 */
public class ClientStore {

  private final Rows rows;
  private final JdbcClient jdbc;
  private final TransactionOperations transactions;
  private final Clock clock;

  public ClientStore(
      JdbcOperations operations, JdbcClient jdbc, TransactionOperations transactions, Clock clock) {
    this.rows = new Rows(operations);
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Spring's repository, with a way to read every row at once. */
  private static final class Rows extends JdbcRegisteredClientRepository {
    Rows(JdbcOperations operations) {
      super(operations);
    }

    List<RegisteredClient> all() {
      return getJdbcOperations()
          .query("SELECT * FROM oauth2_registered_client", getRegisteredClientRowMapper());
    }
  }

  /**
   * Registers the configured clients ({@link ConfiguredClients#register}) and gives each its {@code
   * managed_client} row unless it has one, so a disabled status survives restarts.
   *
   * @throws IllegalStateException when a configured client id is a console client's: the
   *     configuration would silently take over a service staff made (start-up fails instead)
   */
  public List<RegisteredClient> registerConfigured(
      List<IshikawaIdProperties.Client> clients, Sha256SecretEncoder encoder) {
    Set<String> console = consoleClientIds();
    for (IshikawaIdProperties.Client client : clients) {
      if (console.contains(client.getClientId())) {
        throw new IllegalStateException(
            "ishikawa-id.clients: "
                + client.getClientId()
                + " is a client made in the admin console; choose another client-id");
      }
    }
    List<RegisteredClient> configured = ConfiguredClients.register(clients, rows, encoder);
    rememberConfigured(configured);
    return configured;
  }

  private record Managed(
      String source,
      String status,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      String updatedBy) {}

  /** Every client with its console metadata. */
  public List<ClientRegistration> all() {
    Map<String, Managed> managed = new HashMap<>();
    jdbc.sql(
            "SELECT registered_client_id, source, status, created_at, created_by, updated_at,"
                + " updated_by FROM managed_client")
        .query(
            (rs, n) ->
                managed.put(
                    rs.getString("registered_client_id"),
                    new Managed(
                        rs.getString("source"),
                        rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getString("updated_by"))))
        .list();
    return rows.all().stream()
        .map(
            client -> {
              Managed m = managed.get(client.getId());
              if (m == null) {
                // Registered and not yet given its row (a start-up in progress): as configured.
                Instant issued =
                    client.getClientIdIssuedAt() != null
                        ? client.getClientIdIssuedAt()
                        : clock.instant();
                return new ClientRegistration(
                    client,
                    ClientRegistration.Source.CONFIGURATION,
                    ClientRegistration.Status.ACTIVE,
                    issued,
                    null,
                    issued,
                    null);
              }
              return new ClientRegistration(
                  client,
                  ClientRegistration.Source.of(m.source()),
                  ClientRegistration.Status.of(m.status()),
                  m.createdAt(),
                  m.createdBy(),
                  m.updatedAt(),
                  m.updatedBy());
            })
        .toList();
  }

  /** The client ids made in the console. */
  public Set<String> consoleClientIds() {
    return Set.copyOf(
        jdbc.sql(
                "SELECT r.client_id FROM oauth2_registered_client r JOIN managed_client m"
                    + " ON m.registered_client_id = r.id WHERE m.source = 'console'")
            .query(String.class)
            .list());
  }

  /**
   * Gives each configured client its row (active) unless it has one: a status survives restarts.
   */
  void rememberConfigured(List<RegisteredClient> configured) {
    Timestamp now = Timestamp.from(clock.instant());
    for (RegisteredClient client : configured) {
      transactions.executeWithoutResult(
          status -> {
            int existing =
                jdbc.sql("SELECT COUNT(*) FROM managed_client WHERE registered_client_id = ?")
                    .param(client.getId())
                    .query(Integer.class)
                    .single();
            if (existing == 0) {
              jdbc.sql(
                      "INSERT INTO managed_client (registered_client_id, source, status,"
                          + " created_at, updated_at) VALUES (?, 'configuration', 'active', ?, ?)")
                  .params(client.getId(), now, now)
                  .update();
            }
          });
    }
  }

  /** Saves a client made in the console; {@code false} if its client id is taken. */
  public boolean create(RegisteredClient client, String byResidentId) {
    Timestamp now = Timestamp.from(clock.instant());
    Boolean created;
    try {
      created =
          transactions.execute(
              status -> {
                if (rows.findByClientId(client.getClientId()) != null) {
                  return false;
                }
                rows.save(client);
                jdbc.sql(
                        "INSERT INTO managed_client (registered_client_id, source, status,"
                            + " created_at, created_by, updated_at, updated_by)"
                            + " VALUES (?, 'console', 'active', ?, ?, ?, ?)")
                    .params(client.getId(), now, byResidentId, now, byResidentId)
                    .update();
                return true;
              });
    } catch (DuplicateKeyException e) {
      return false; // created on another node at the same moment
    }
    return Boolean.TRUE.equals(created);
  }

  /** Replaces the stored client (same internal id) and records who changed it. */
  public void update(RegisteredClient client, String byResidentId) {
    transactions.executeWithoutResult(
        status -> {
          rows.save(client);
          touch(client.getId(), byResidentId);
        });
  }

  /** Sets the status and records who changed it. */
  public void status(
      String registeredClientId, ClientRegistration.Status status, String byResidentId) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.sql("UPDATE managed_client SET status = ? WHERE registered_client_id = ?")
              .params(status.code(), registeredClientId)
              .update();
          touch(registeredClientId, byResidentId);
        });
  }

  /** One client as stored now, by client id. */
  public Optional<ClientRegistration> find(String clientId) {
    return all().stream().filter(r -> r.client().getClientId().equals(clientId)).findFirst();
  }

  private void touch(String registeredClientId, String byResidentId) {
    jdbc.sql(
            "UPDATE managed_client SET updated_at = ?, updated_by = ? WHERE registered_client_id = ?")
        .params(Timestamp.from(clock.instant()), byResidentId, registeredClientId)
        .update();
  }
}
