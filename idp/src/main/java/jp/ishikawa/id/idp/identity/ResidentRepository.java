package jp.ishikawa.id.idp.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Residents and their card bindings, in the relational store. */
@Repository
public class ResidentRepository {

  private final JdbcClient jdbc;

  public ResidentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Resident resident) {
    jdbc.sql("INSERT INTO resident (id, ishikawa_id, status, created_at) VALUES (?, ?, ?, ?)")
        .params(
            resident.id(),
            resident.ishikawaId(),
            resident.status().name(),
            Timestamp.from(resident.createdAt()))
        .update();
  }

  public Optional<Resident> findById(String id) {
    return jdbc.sql("SELECT * FROM resident WHERE id = ?")
        .param(id)
        .query(ResidentRepository::map)
        .optional();
  }

  public Optional<Resident> findByIshikawaId(String ishikawaId) {
    return jdbc.sql("SELECT * FROM resident WHERE ishikawa_id = ?")
        .param(ishikawaId)
        .query(ResidentRepository::map)
        .optional();
  }

  public void deactivate(String id, Instant at) {
    jdbc.sql("UPDATE resident SET status = 'DEACTIVATED', deactivated_at = ? WHERE id = ?")
        .params(Timestamp.from(at), id)
        .update();
  }

  public void insertBinding(CredentialBinding binding) {
    jdbc.sql(
            """
            INSERT INTO credential_binding
              (id, resident_id, kind, issuer_dn, serial_hex, fingerprint, root_label,
               not_before, not_after, bound_at)
            VALUES (?, ?, 'jpki_authentication', ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            binding.id(),
            binding.residentId(),
            binding.issuerDn(),
            binding.serialHex(),
            binding.fingerprint(),
            binding.rootLabel(),
            Timestamp.from(binding.notBefore()),
            Timestamp.from(binding.notAfter()),
            Timestamp.from(binding.boundAt()))
        .update();
  }

  public Optional<CredentialBinding> findBindingByFingerprint(String fingerprint) {
    return jdbc.sql("SELECT * FROM credential_binding WHERE fingerprint = ?")
        .param(fingerprint)
        .query(ResidentRepository::mapBinding)
        .optional();
  }

  public List<CredentialBinding> findBindings(String residentId) {
    return jdbc.sql("SELECT * FROM credential_binding WHERE resident_id = ? ORDER BY bound_at")
        .param(residentId)
        .query(ResidentRepository::mapBinding)
        .list();
  }

  public void markUsed(String bindingId, Instant at) {
    jdbc.sql("UPDATE credential_binding SET last_used_at = ? WHERE id = ?")
        .params(Timestamp.from(at), bindingId)
        .update();
  }

  private static Resident map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Resident(
        rs.getString("id"),
        rs.getString("ishikawa_id"),
        Resident.Status.valueOf(rs.getString("status")),
        rs.getTimestamp("created_at").toInstant());
  }

  private static CredentialBinding mapBinding(java.sql.ResultSet rs, int row)
      throws java.sql.SQLException {
    Timestamp lastUsed = rs.getTimestamp("last_used_at");
    return new CredentialBinding(
        rs.getString("id"),
        rs.getString("resident_id"),
        rs.getString("issuer_dn"),
        rs.getString("serial_hex"),
        rs.getString("fingerprint"),
        rs.getString("root_label"),
        rs.getTimestamp("not_before").toInstant(),
        rs.getTimestamp("not_after").toInstant(),
        rs.getTimestamp("bound_at").toInstant(),
        lastUsed == null ? null : lastUsed.toInstant());
  }
}
