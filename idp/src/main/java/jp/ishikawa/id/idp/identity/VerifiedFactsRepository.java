package jp.ishikawa.id.idp.identity;

import java.sql.Timestamp;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import jp.ishikawa.id.idp.crypto.KeyedHash;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.BirthDate;
import jp.ishikawa.id.verifier.model.Gender;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Residents' verified facts, encrypted at rest: AES-GCM bound to the resident's id, so a ciphertext
 * moved to another row does not decrypt. A keyed hash of the normalised facts (the match key) lets
 * card renewal find the same person without the facts in clear.
 */
@Repository
public class VerifiedFactsRepository {

  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final AtRestCipher cipher;
  private final KeyedHash matchKeys;
  private final JsonMapper json = JsonMapper.builder().build();

  public VerifiedFactsRepository(JdbcClient jdbc, AtRestCipher cipher, ServerSecrets secrets) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.matchKeys = secrets.factsMatchKeys();
  }

  /** Replaces the resident's facts. Callers run this inside their transaction. */
  public void save(String residentId, VerifiedFacts verified, String certificateFingerprint) {
    byte[] ciphertext = cipher.encrypt(encode(verified.facts()), aad(residentId));
    jdbc.sql("DELETE FROM verified_facts WHERE resident_id = ?").param(residentId).update();
    jdbc.sql(
            """
            INSERT INTO verified_facts
              (resident_id, ciphertext, encryption_key_id, match_key, method, root_label,
               certificate_fingerprint, verified_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            residentId,
            ciphertext,
            cipher.keyId(),
            matchKey(verified.facts()),
            verified.method(),
            verified.rootLabel(),
            certificateFingerprint,
            Timestamp.from(verified.verifiedAt()))
        .update();
  }

  public Optional<VerifiedFacts> find(String residentId) {
    return jdbc.sql(
            "SELECT ciphertext, method, root_label, verified_at FROM verified_facts WHERE resident_id = ?")
        .param(residentId)
        .query(
            (rs, row) ->
                new VerifiedFacts(
                    decode(cipher.decrypt(rs.getBytes("ciphertext"), aad(residentId))),
                    rs.getTimestamp("verified_at").toInstant(),
                    rs.getString("method"),
                    rs.getString("root_label")))
        .optional();
  }

  /** The residents whose stored facts equal {@code facts} after normalisation. */
  public List<String> residentsWithFacts(BasicFacts facts) {
    return jdbc.sql("SELECT resident_id FROM verified_facts WHERE match_key = ?")
        .param(matchKey(facts))
        .query(String.class)
        .list();
  }

  /**
   * The keyed hash of all four basic facts, NFKC-normalised and without white space, so that a
   * full-width/half-width or spacing difference in the same person's certificate still matches,
   * while any real difference (another person of the same name and birthday lives elsewhere) does
   * not.
   */
  String matchKey(BasicFacts facts) {
    return matchKeys.of(
        normalise(facts.name()),
        facts.birthDate().raw(),
        facts.genderCode(),
        normalise(facts.address()));
  }

  static String normalise(String value) {
    return Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("\\s+", "");
  }

  private static String aad(String residentId) {
    return "verified_facts:" + residentId;
  }

  private byte[] encode(BasicFacts facts) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("name", facts.name());
    map.put("name_substitute", facts.nameSubstitute());
    map.put("gender", facts.genderCode());
    map.put("birth_date", facts.birthDate().raw());
    map.put("address", facts.address());
    map.put("address_substitute", facts.addressSubstitute());
    return json.writeValueAsBytes(map);
  }

  private BasicFacts decode(byte[] plaintext) {
    Map<String, String> map = json.readValue(plaintext, MAP);
    return new BasicFacts(
        map.get("name"),
        map.get("name_substitute"),
        Gender.fromCode(map.get("gender")),
        map.get("gender"),
        BirthDate.parse(map.get("birth_date")),
        map.get("address"),
        map.get("address_substitute"));
  }
}
