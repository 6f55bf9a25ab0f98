package jp.ishikawa.id.idp.passkey;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.CredentialBinding;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring Security's {@link UserCredentialRepository}, in the database ({@link
 * JdbcUserCredentialRepository}), with what a passkey of ours adds: a new credential is saved only
 * for an active resident under the configured number of passkeys, with a valid name, and together
 * with its {@code passkey_proof} row — the resident and the card binding that proved the login it
 * was registered after (the binding that logged in last: the card just tapped). Registration and
 * removal are audited. Updates (the signature counter and last use, after a login) go straight
 * through.
 *
 * <p>{@code passkey/PasskeyRegistrationGate} already refused a registration without a fresh card
 * login or past the limit before the browser was asked to create the key; the limit is checked
 * again here, in the transaction that saves it.
 */
public class PasskeyCredentialRepository implements UserCredentialRepository {

  private final JdbcUserCredentialRepository credentials;
  private final PublicKeyCredentialUserEntityRepository userEntities;
  private final ResidentService residents;
  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Clock clock;
  private final int maxPerResident;

  public PasskeyCredentialRepository(
      JdbcUserCredentialRepository credentials,
      PublicKeyCredentialUserEntityRepository userEntities,
      ResidentService residents,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock,
      int maxPerResident) {
    this.credentials = credentials;
    this.userEntities = userEntities;
    this.residents = residents;
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
    this.maxPerResident = maxPerResident;
  }

  @Override
  @Transactional
  public void save(CredentialRecord record) {
    if (credentials.findByCredentialId(record.getCredentialId()) != null) {
      credentials.save(record);
      return;
    }
    Resident resident = residentOf(record.getUserEntityUserId());
    if (!resident.active()) {
      throw refused(PasskeyError.ACCOUNT_DEACTIVATED, "the resident is deactivated");
    }
    if (count(resident.id()) >= maxPerResident) {
      throw refused(PasskeyError.TOO_MANY_PASSKEYS, "the resident has enough passkeys");
    }
    CredentialBinding card =
        residents.bindings(resident.id()).stream()
            .filter(b -> b.lastUsedAt() != null)
            .max(Comparator.comparing(CredentialBinding::lastUsedAt))
            .or(() -> residents.bindings(resident.id()).stream().reduce((a, b) -> b))
            .orElseThrow(
                () -> refused(PasskeyError.CARD_LOGIN_REQUIRED, "the resident has no card"));
    String label = Passkey.validLabel(record.getLabel());
    credentials.save(ImmutableCredentialRecord.fromCredentialRecord(record).label(label).build());
    jdbc.sql(
            "INSERT INTO passkey_proof (credential_id, resident_id, card_binding_id, proven_at)"
                + " VALUES (?, ?, ?, ?)")
        .params(
            record.getCredentialId().toBase64UrlString(),
            resident.id(),
            card.id(),
            Timestamp.from(clock.instant()))
        .update();
    audit.record("passkey.registered", "success", null, resident.id(), null, null);
  }

  @Override
  @Transactional
  public void delete(Bytes credentialId) {
    CredentialRecord record = credentials.findByCredentialId(credentialId);
    if (record == null) {
      return;
    }
    credentials.delete(credentialId);
    PublicKeyCredentialUserEntity user = userEntities.findById(record.getUserEntityUserId());
    String residentId =
        user == null
            ? null
            : residents.findByIshikawaId(user.getName()).map(Resident::id).orElse(null);
    audit.record("passkey.removed", "success", null, residentId, null, null);
  }

  @Override
  public CredentialRecord findByCredentialId(Bytes credentialId) {
    return credentials.findByCredentialId(credentialId);
  }

  @Override
  public List<CredentialRecord> findByUserId(Bytes userId) {
    return credentials.findByUserId(userId);
  }

  /** How many passkeys the resident has. */
  public int count(String residentId) {
    return jdbc.sql("SELECT COUNT(*) FROM passkey_proof WHERE resident_id = ?")
        .param(residentId)
        .query(Integer.class)
        .single();
  }

  private Resident residentOf(Bytes userHandle) {
    PublicKeyCredentialUserEntity user = userEntities.findById(userHandle);
    if (user == null) {
      throw new IllegalStateException("a passkey for an unknown WebAuthn user entity");
    }
    return residents
        .findByIshikawaId(user.getName())
        .orElseThrow(() -> new IllegalStateException("a passkey for an unknown resident"));
  }

  // Not audited here: the transaction rolls back. The gate audits the refusals it sees first.
  private static PasskeyRegistrationRefusedException refused(PasskeyError error, String message) {
    return new PasskeyRegistrationRefusedException(error, message);
  }
}
