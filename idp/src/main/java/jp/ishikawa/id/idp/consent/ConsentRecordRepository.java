package jp.ishikawa.id.idp.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consent records in the relational store. */
@Repository
public class ConsentRecordRepository {

  private final JdbcClient jdbc;

  public ConsentRecordRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(ConsentRecord record) {
    jdbc.sql(
            """
            INSERT INTO consent_record
              (id, resident_id, registered_client_id, client_id, controller, purposes, data_items,
               legal_basis, policy_version, status, collection_method, given_at, withdrawn_at,
               expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            record.id(),
            record.residentId(),
            record.registeredClientId(),
            record.clientId(),
            record.controller(),
            record.purposes(),
            String.join(" ", record.dataItems()),
            record.legalBasis(),
            record.policyVersion(),
            record.status(),
            record.collectionMethod(),
            Timestamp.from(record.givenAt()),
            record.withdrawnAt() == null ? null : Timestamp.from(record.withdrawnAt()),
            record.expiresAt() == null ? null : Timestamp.from(record.expiresAt()))
        .update();
  }

  /** The resident's current decision for a service, if any. */
  public Optional<ConsentRecord> findGiven(String registeredClientId, String residentId) {
    return jdbc
        .sql(
            "SELECT * FROM consent_record WHERE registered_client_id = ? AND resident_id = ?"
                + " AND status = 'given' ORDER BY given_at DESC")
        .params(registeredClientId, residentId)
        .query(ConsentRecordRepository::map)
        .list()
        .stream()
        .findFirst();
  }

  public List<ConsentRecord> findByResident(String residentId) {
    return jdbc.sql("SELECT * FROM consent_record WHERE resident_id = ? ORDER BY given_at DESC")
        .param(residentId)
        .query(ConsentRecordRepository::map)
        .list();
  }

  /** Ends every given record of (service, resident) with {@code status}. */
  public int end(String registeredClientId, String residentId, String status, Instant at) {
    return jdbc.sql(
            "UPDATE consent_record SET status = ?, withdrawn_at = ?"
                + " WHERE registered_client_id = ? AND resident_id = ? AND status = 'given'")
        .params(status, Timestamp.from(at), registeredClientId, residentId)
        .update();
  }

  private static ConsentRecord map(ResultSet rs, int row) throws SQLException {
    Timestamp withdrawn = rs.getTimestamp("withdrawn_at");
    Timestamp expires = rs.getTimestamp("expires_at");
    String items = rs.getString("data_items");
    return new ConsentRecord(
        rs.getString("id"),
        rs.getString("resident_id"),
        rs.getString("registered_client_id"),
        rs.getString("client_id"),
        rs.getString("controller"),
        rs.getString("purposes"),
        items.isBlank() ? List.of() : Arrays.asList(items.split(" ")),
        rs.getString("legal_basis"),
        rs.getString("policy_version"),
        rs.getString("status"),
        rs.getString("collection_method"),
        rs.getTimestamp("given_at").toInstant(),
        withdrawn == null ? null : withdrawn.toInstant(),
        expires == null ? null : expires.toInstant());
  }
}
