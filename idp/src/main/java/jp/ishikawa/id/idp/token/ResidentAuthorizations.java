package jp.ishikawa.id.idp.token;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one place that ends what services hold for a resident: every {@code oauth2_authorization} row
 * (its code, access, refresh and ID tokens together) goes, so the service can neither refresh nor
 * call userinfo nor have its tokens introspected as active. Consent withdrawal ends one service's;
 * deactivation ends all of them, whatever the consent records say; disabling a service ends every
 * resident's with it. The callers queue the back-channel logout tokens ({@code
 * logout/BackchannelLogout#enqueueFor}) in the same transaction.
 */
public class ResidentAuthorizations {

  private final JdbcClient jdbc;

  public ResidentAuthorizations(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Revokes every authorization the resident granted to any service; returns how many. */
  public int revokeAll(String ishikawaId) {
    return jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ?")
        .param(ishikawaId)
        .update();
  }

  /**
   * Revokes every authorization any resident granted to one service (the service is disabled);
   * returns how many.
   */
  public int revokeAllOfClient(String registeredClientId) {
    return jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = ?")
        .param(registeredClientId)
        .update();
  }

  /** Revokes every authorization the resident granted to one service; returns how many. */
  public int revokeForClient(String ishikawaId, String registeredClientId) {
    return jdbc.sql(
            "DELETE FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id = ?")
        .params(ishikawaId, registeredClientId)
        .update();
  }

  /**
   * When each service last got an access token for the resident (a login or a refresh), by
   * registered client id, from the authorizations the services still hold: a service whose
   * authorizations were revoked (withdrawal, deactivation) or that never got a token is absent.
   */
  public Map<String, Instant> lastTokenIssuedAt(String ishikawaId) {
    Map<String, Instant> last = new HashMap<>();
    jdbc.sql(
            "SELECT registered_client_id, MAX(access_token_issued_at) AS issued_at"
                + " FROM oauth2_authorization WHERE principal_name = ?"
                + " AND access_token_issued_at IS NOT NULL GROUP BY registered_client_id")
        .param(ishikawaId)
        .query(
            rs -> {
              last.put(
                  rs.getString("registered_client_id"), rs.getTimestamp("issued_at").toInstant());
            });
    return last;
  }
}
