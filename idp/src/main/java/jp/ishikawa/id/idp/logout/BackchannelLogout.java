package jp.ishikawa.id.idp.logout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The one entry point for OpenID Connect Back-Channel Logout 1.0: {@link #enqueueFor} writes, in
 * the caller's transaction, one outbox row per service that must be told, and returns at once;
 * {@link BackchannelLogoutDelivery} sends the logout tokens later, from any node.
 *
 * <p>Which services: with a session ({@code sid}), those whose ID token of that IdP session carried
 * it; for one client, that client; for {@link #ALL}, every service that holds an authorization or a
 * given consent of the resident. Only services registered with a {@code backchannel-logout-uri} get
 * a row; a row already waiting for the same service, resident and session covers a second call
 * (deactivation both withdraws consents and logs out).
 */
public class BackchannelLogout {

  /** {@link #enqueueFor}'s client argument for every service of the resident. */
  public static final String ALL = "*";

  private final JdbcClient jdbc;
  private final RegisteredClientRepository clients;
  private final OAuth2AuthorizationService authorizations;
  private final Clock clock;

  public BackchannelLogout(
      JdbcClient jdbc,
      RegisteredClientRepository clients,
      OAuth2AuthorizationService authorizations,
      Clock clock) {
    this.jdbc = jdbc;
    this.clients = clients;
    this.authorizations = authorizations;
    this.clock = clock;
  }

  /**
   * Queues logout tokens for {@code ishikawaId}.
   *
   * @param registeredClientId the registered client's id, or {@link #ALL}
   * @param sid the IdP session's {@code sid} as in the ID tokens, or {@code null} for every session
   *     of the resident at the service(s)
   * @return how many logout tokens were queued
   */
  public int enqueueFor(
      String ishikawaId, String registeredClientId, String sid, LogoutReason reason) {
    Set<String> targets = new LinkedHashSet<>();
    if (!ALL.equals(registeredClientId)) {
      targets.add(registeredClientId);
    } else if (sid != null) {
      targets.addAll(clientsOfSession(ishikawaId, sid));
    } else {
      targets.addAll(clientsOfResident(ishikawaId));
    }
    int queued = 0;
    Instant now = clock.instant();
    for (String target : targets) {
      RegisteredClient client = clients.findById(target);
      if (client == null || logoutUri(client) == null || alreadyWaiting(target, ishikawaId, sid)) {
        continue;
      }
      jdbc.sql(
              """
              INSERT INTO backchannel_logout_outbox
                (id, registered_client_id, principal_name, session_id, reason, created_at,
                 next_attempt_at, attempts)
              VALUES (?, ?, ?, ?, ?, ?, ?, 0)
              """)
          .params(
              UUID.randomUUID().toString(),
              target,
              ishikawaId,
              sid,
              reason.code(),
              Timestamp.from(now),
              Timestamp.from(now))
          .update();
      queued++;
    }
    return queued;
  }

  /** Where {@code client} receives logout tokens, or {@code null}. */
  public static String logoutUri(RegisteredClient client) {
    return client.getClientSettings().getSetting(ClientSettingNames.BACKCHANNEL_LOGOUT_URI);
  }

  private boolean alreadyWaiting(String registeredClientId, String ishikawaId, String sid) {
    return jdbc
        .sql(
            """
                SELECT session_id FROM backchannel_logout_outbox
                WHERE registered_client_id = ? AND principal_name = ?
                  AND delivered_at IS NULL AND abandoned_at IS NULL
                """)
        .params(registeredClientId, ishikawaId)
        .query((rs, row) -> rs.getString(1))
        .list()
        .stream()
        .anyMatch(waiting -> Objects.equals(waiting, sid));
  }

  private List<String> clientsOfResident(String ishikawaId) {
    return jdbc.sql(
            """
            SELECT registered_client_id FROM oauth2_authorization WHERE principal_name = ?
            UNION
            SELECT c.registered_client_id FROM consent_record c
              JOIN resident r ON r.id = c.resident_id
              WHERE r.ishikawa_id = ? AND c.status = 'given'
            """)
        .params(ishikawaId, ishikawaId)
        .query((rs, row) -> rs.getString(1))
        .list();
  }

  /** The services whose ID token for this resident carried {@code sid}. */
  private Set<String> clientsOfSession(String ishikawaId, String sid) {
    Set<String> found = new LinkedHashSet<>();
    List<String> ids =
        jdbc.sql("SELECT id FROM oauth2_authorization WHERE principal_name = ?")
            .param(ishikawaId)
            .query((rs, row) -> rs.getString(1))
            .list();
    for (String id : ids) {
      OAuth2Authorization authorization = authorizations.findById(id);
      if (authorization == null) {
        continue;
      }
      OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
      if (idToken != null && sid.equals(idToken.getToken().getClaimAsString("sid"))) {
        found.add(authorization.getRegisteredClientId());
      }
    }
    return found;
  }
}
