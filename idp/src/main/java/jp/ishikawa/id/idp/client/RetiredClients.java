package jp.ishikawa.id.idp.client;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retires, at start-up, every client an earlier configuration registered and this one no longer
 * lists: a retired or compromised service loses its access at the next start (issue 8). Its
 * authorizations (codes, access and refresh tokens) are deleted, its consent records end as
 * withdrawn (they stay as history on the resident's account page), and its registration row goes.
 * Clients made in the admin console ({@code managed_client.source = 'console'}) live only in the
 * database and are never retired here.
 */
public class RetiredClients {

  private static final Logger log = LoggerFactory.getLogger(RetiredClients.class);

  private final JdbcClient jdbc;
  private final Clock clock;

  public RetiredClients(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * @return the client ids retired now
   */
  @Transactional
  public List<String> retireAllBut(List<RegisteredClient> configured) {
    Set<String> keep = configured.stream().map(RegisteredClient::getId).collect(Collectors.toSet());
    record Stored(String id, String clientId) {}
    List<Stored> retired =
        jdbc
            .sql(
                "SELECT r.id, r.client_id FROM oauth2_registered_client r"
                    + " LEFT JOIN managed_client m ON m.registered_client_id = r.id"
                    + " WHERE m.source IS NULL OR m.source <> 'console'")
            .query((rs, row) -> new Stored(rs.getString("id"), rs.getString("client_id")))
            .list()
            .stream()
            .filter(stored -> !keep.contains(stored.id()))
            .toList();
    Timestamp now = Timestamp.from(clock.instant());
    for (Stored client : retired) {
      int authorizations =
          jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = ?")
              .param(client.id())
              .update();
      jdbc.sql(
              "UPDATE consent_record SET status = 'withdrawn', withdrawn_at = ?"
                  + " WHERE registered_client_id = ? AND status = 'given'")
          .params(now, client.id())
          .update();
      jdbc.sql("DELETE FROM oauth2_registered_client WHERE id = ?").param(client.id()).update();
      log.warn(
          "client {} is no longer configured: retired with {} authorization(s)",
          client.clientId(),
          authorizations);
    }
    return retired.stream().map(Stored::clientId).toList();
  }
}
