package jp.ishikawa.id.idp.passkey;

import java.sql.Timestamp;
import java.util.List;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.transaction.annotation.Transactional;

/**
 * A resident's passkeys on the account page: list, rename, remove; and removal of them all when the
 * account is deactivated. Every change is scoped to the resident ({@code
 * passkey_proof.resident_id}), so a credential id of another resident changes nothing. Card renewal
 * leaves them alone: they belong to the Ishikawa ID, not to the card.
 */
public class ResidentPasskeys {

  private final JdbcClient jdbc;
  private final PasskeyCredentialRepository credentials;
  private final AuditLog audit;

  public ResidentPasskeys(
      JdbcClient jdbc, PasskeyCredentialRepository credentials, AuditLog audit) {
    this.jdbc = jdbc;
    this.credentials = credentials;
    this.audit = audit;
  }

  /** The resident's passkeys, oldest first. */
  public List<Passkey> list(Resident resident) {
    return jdbc.sql(
            """
            SELECT c.credential_id, c.label, c.created, c.last_used, c.backup_eligible
              FROM user_credentials c JOIN passkey_proof p ON p.credential_id = c.credential_id
             WHERE p.resident_id = ? ORDER BY c.created, c.credential_id
            """)
        .param(resident.id())
        .query(
            (rs, n) -> {
              Timestamp created = rs.getTimestamp("created");
              Timestamp lastUsed = rs.getTimestamp("last_used");
              return new Passkey(
                  rs.getString("credential_id"),
                  rs.getString("label"),
                  created == null ? null : created.toInstant(),
                  lastUsed == null ? null : lastUsed.toInstant(),
                  rs.getBoolean("backup_eligible"));
            })
        .list();
  }

  /**
   * Renames one of the resident's passkeys.
   *
   * @return whether the resident has a passkey with this id
   * @throws IllegalArgumentException when the name is not valid ({@link Passkey#validLabel})
   */
  @Transactional
  public boolean rename(Resident resident, String credentialId, String label) {
    String valid = Passkey.validLabel(label);
    int updated =
        jdbc.sql(
                """
                UPDATE user_credentials SET label = ? WHERE credential_id = ?
                   AND credential_id IN (SELECT credential_id FROM passkey_proof WHERE resident_id = ?)
                """)
            .params(valid, credentialId, resident.id())
            .update();
    if (updated == 1) {
      audit.record("passkey.renamed", "success", null, resident.id(), null, null);
    }
    return updated == 1;
  }

  /**
   * Removes one of the resident's passkeys: the next login with it is refused ({@code
   * unknown_credential}).
   *
   * @return whether the resident had a passkey with this id
   */
  @Transactional
  public boolean remove(Resident resident, String credentialId) {
    boolean owned =
        jdbc.sql("SELECT COUNT(*) FROM passkey_proof WHERE credential_id = ? AND resident_id = ?")
                .params(credentialId, resident.id())
                .query(Integer.class)
                .single()
            == 1;
    if (owned) {
      credentials.delete(Bytes.fromBase64(credentialId));
    }
    return owned;
  }

  /** Removes every passkey of the resident (account deactivation). */
  @Transactional
  public void removeAll(Resident resident) {
    list(resident).forEach(passkey -> credentials.delete(Bytes.fromBase64(passkey.id())));
  }
}
