package jp.ishikawa.id.idp.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.annotation.Transactional;

/**
 * The IdP's token signing keys: one active ES256 key (the default for ID tokens and access tokens)
 * and one active RS256 key (for clients that ask, as OIDC requires), stored in the database with
 * the private part encrypted. Rotation keeps the previous key published in the JWKS as {@code
 * retiring} for an overlap period, so tokens signed just before a rotation still verify; only the
 * active key of each algorithm signs.
 *
 * <p>Every node re-reads the keys every refresh interval (a minute by default), so a rotation on
 * one node reaches all of them. A new key is therefore published first and signs only from its
 * {@code created_at}, set a publication delay (longer than the refresh interval) after the
 * rotation: by then every node has re-read the keys and publishes it in its JWKS, so no node signs
 * with a key that another node's JWKS does not have yet. The key it replaces keeps signing until
 * then and is retired (published, no longer signing) by the first node that sees the new key
 * signing.
 *
 * <p>How the management API names the states ({@link #describe()}): {@code next} (stored {@code
 * active}, signs from a future time), {@code active} (the newest key of its algorithm whose time
 * has come: it signs), {@code retired} (stored {@code retiring}, or an older {@code active} key a
 * newer one has replaced: published, no longer signing, until its overlap ends; then it is stored
 * as {@code retired} and no longer published, and the API does not list it).
 */
public class SigningKeyStore {

  private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

  /**
   * How long a rotated-out key stays published: longer than any token it signed lives. The longest
   * lived token the IdP signs is an ID token (30 minutes; access tokens 10 minutes, logout tokens 2
   * minutes, refresh tokens are opaque), and a node may sign with the old key for up to a refresh
   * interval after its retirement: two days outlive that by far.
   */
  public static final Duration OVERLAP = Duration.ofDays(2);

  /** The state names of {@link #describe()}. */
  public static final String NEXT = "next";

  public static final String ACTIVE = "active";
  public static final String RETIRED = "retired";

  /**
   * A published key as the management API shows it: never key material.
   *
   * @param createdAt when it was made and published
   * @param signsFrom when it signs (or signed) from
   * @param retiredAt when a newer key took over, or null
   * @param publishedUntil when it leaves the JWKS ({@code retiredAt} plus {@link #OVERLAP}), or
   *     null while it is next or active
   */
  public record KeyInfo(
      String kid,
      String algorithm,
      String status,
      Instant createdAt,
      Instant signsFrom,
      Instant retiredAt,
      Instant publishedUntil) {}

  private record Snapshot(JWKSet signing, JWKSet published) {}

  private final JdbcClient jdbc;
  private final AtRestCipher cipher;
  private final Clock clock;
  private final Duration rotationPeriod;
  private final Duration publicationDelay;
  private volatile Snapshot snapshot;

  /**
   * @param rotationPeriod how long a key signs before the store replaces it by itself
   * @param refreshInterval how often every node re-reads the keys ({@link #maintain()})
   * @param publicationDelay how long a new key is published before it signs: longer than {@code
   *     refreshInterval}
   */
  public SigningKeyStore(
      JdbcClient jdbc,
      AtRestCipher cipher,
      Clock clock,
      Duration rotationPeriod,
      Duration refreshInterval,
      Duration publicationDelay) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
    if (rotationPeriod.compareTo(OVERLAP) <= 0) {
      throw new IllegalArgumentException(
          "the signing key rotation period must be longer than " + OVERLAP);
    }
    if (publicationDelay.compareTo(refreshInterval) <= 0) {
      throw new IllegalArgumentException(
          "ishikawa-id.signing-key-publication-delay ("
              + publicationDelay
              + ") must be longer than ishikawa-id.signing-key-refresh-interval ("
              + refreshInterval
              + "): every node must publish a new key before any node signs with it");
    }
    this.rotationPeriod = rotationPeriod;
    this.publicationDelay = publicationDelay;
  }

  /** Creates the first keys when there are none, then loads. */
  @Transactional
  public void initialise() {
    for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256)) {
      Integer active =
          jdbc.sql("SELECT COUNT(*) FROM signing_key WHERE algorithm = ? AND status = 'active'")
              .param(algorithm.getName())
              .query(Integer.class)
              .single();
      if (active == 0) {
        // The very first key: nothing was published before it, so it signs at once.
        insert(generate(algorithm), clock.instant());
        log.info("generated the first {} signing key", algorithm);
      }
    }
    reload();
  }

  /** The keys that sign: the newest active key of each algorithm. */
  public JWKSet signingKeys() {
    return snapshot.signing();
  }

  /** The keys the JWKS publishes: active and retiring, public parts only. */
  public JWKSet publishedKeys() {
    return snapshot.published();
  }

  /**
   * Adds a new key of {@code algorithm}: published at once, signing after the publication delay;
   * the key it replaces signs until then and stays published as retiring for {@link #OVERLAP}.
   *
   * @return the new key's id
   */
  @Transactional
  public String rotate(JWSAlgorithm algorithm) {
    JWK key = generate(algorithm);
    Instant signsFrom = clock.instant().plus(publicationDelay);
    insert(key, signsFrom);
    reload();
    log.info(
        "rotated the {} signing key; new kid {} is published and signs from {}",
        algorithm,
        key.getKeyID(),
        signsFrom);
    return key.getKeyID();
  }

  /**
   * Rotates both algorithms now (the management API's "rotate now"): the new keys are published at
   * once by this node and by every other within a refresh interval, and sign after the publication
   * delay.
   *
   * @return the new keys, both {@code next}
   */
  @Transactional
  public List<KeyInfo> rotateNow() {
    List<String> kids = List.of(rotate(JWSAlgorithm.ES256), rotate(JWSAlgorithm.RS256));
    return describe().stream().filter(key -> kids.contains(key.kid())).toList();
  }

  /**
   * The keys the JWKS publishes, by algorithm, newest first, with their state judged on this node's
   * clock the way {@link #reload()} judges it.
   */
  public List<KeyInfo> describe() {
    Instant now = clock.instant();
    record Row(
        String kid,
        String algorithm,
        String status,
        Instant signsFrom,
        Instant publishedAt,
        Instant retiredAt) {}
    List<Row> rows =
        jdbc.sql(
                "SELECT kid, algorithm, status, created_at, published_at, retired_at"
                    + " FROM signing_key WHERE status IN ('active', 'retiring')")
            .query(
                (rs, row) ->
                    new Row(
                        rs.getString("kid"),
                        rs.getString("algorithm"),
                        rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("published_at")),
                        instant(rs.getTimestamp("retired_at"))))
            .list();
    List<KeyInfo> keys = new ArrayList<>();
    for (String algorithm : List.of("ES256", "RS256")) {
      Instant signing =
          rows.stream()
              .filter(r -> r.algorithm().equals(algorithm) && r.status().equals("active"))
              .map(Row::signsFrom)
              .filter(at -> !at.isAfter(now))
              .max(Comparator.naturalOrder())
              .orElse(null);
      rows.stream()
          .filter(r -> r.algorithm().equals(algorithm))
          .sorted(Comparator.comparing(Row::signsFrom).reversed())
          .forEach(
              r -> {
                String status;
                Instant retiredAt = r.retiredAt();
                if (r.status().equals("retiring")) {
                  status = RETIRED;
                } else if (r.signsFrom().isAfter(now)) {
                  status = NEXT;
                } else if (r.signsFrom().equals(signing)) {
                  status = ACTIVE;
                } else {
                  // Replaced by a newer key whose time has come; the next reload stores it so.
                  status = RETIRED;
                  retiredAt = signing;
                }
                Instant until = retiredAt == null ? null : retiredAt.plus(OVERLAP);
                if (until != null && until.isBefore(now)) {
                  return; // No longer published once a reload has run.
                }
                keys.add(
                    new KeyInfo(
                        r.kid(),
                        algorithm,
                        status,
                        r.publishedAt() == null ? r.signsFrom() : r.publishedAt(),
                        r.signsFrom(),
                        status.equals(RETIRED) ? retiredAt : null,
                        status.equals(RETIRED) ? until : null));
              });
    }
    return keys;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  /**
   * Every minute: rotates keys that have signed for longer than the rotation period, retires keys
   * whose overlap has ended, and re-reads the keys (a rotation on another node arrives here).
   */
  @Scheduled(
      fixedDelayString = "${ishikawa-id.signing-key-refresh-interval:PT1M}",
      initialDelayString = "${ishikawa-id.signing-key-refresh-interval:PT1M}")
  public void maintain() {
    Instant now = clock.instant();
    for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256)) {
      Timestamp newest =
          jdbc.sql(
                  "SELECT MAX(created_at) FROM signing_key WHERE algorithm = ? AND status = 'active'")
              .param(algorithm.getName())
              .query(Timestamp.class)
              .single();
      if (newest != null && newest.toInstant().plus(rotationPeriod).isBefore(now)) {
        rotate(algorithm);
      }
    }
    reload();
  }

  /**
   * Re-reads the keys: retires the keys a newer key now signs instead of, and stops publishing keys
   * whose overlap has ended.
   */
  public void reload() {
    Instant now = clock.instant();
    jdbc.sql(
            "UPDATE signing_key SET status = 'retired' WHERE status = 'retiring' AND retired_at < ?")
        .param(Timestamp.from(now.minus(OVERLAP)))
        .update();
    for (String algorithm : List.of("ES256", "RS256")) {
      Timestamp signing =
          jdbc.sql(
                  "SELECT MAX(created_at) FROM signing_key"
                      + " WHERE algorithm = ? AND status = 'active' AND created_at <= ?")
              .params(algorithm, Timestamp.from(now))
              .query(Timestamp.class)
              .optional()
              .orElse(null);
      if (signing != null) {
        jdbc.sql(
                "UPDATE signing_key SET status = 'retiring', retired_at = ?"
                    + " WHERE algorithm = ? AND status = 'active' AND created_at < ?")
            .params(signing, algorithm, signing)
            .update();
      }
    }
    List<StoredKey> keys =
        jdbc.sql(
                "SELECT kid, algorithm, private_key_ciphertext, status, created_at FROM signing_key"
                    + " WHERE status IN ('active', 'retiring')")
            .query(
                (rs, row) ->
                    new StoredKey(
                        rs.getString("kid"),
                        rs.getString("algorithm"),
                        rs.getBytes("private_key_ciphertext"),
                        rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant()))
            .list();
    List<JWK> signing = new ArrayList<>();
    List<JWK> published = new ArrayList<>();
    for (String algorithm : List.of("ES256", "RS256")) {
      List<StoredKey> active =
          keys.stream()
              .filter(k -> k.algorithm().equals(algorithm) && k.status().equals("active"))
              .toList();
      // The newest key whose time has come; when none has (this node's clock is behind the one
      // that retired the previous key), the key this node signed with so far, or else the next
      // one due: every node already publishes both.
      Snapshot previous = snapshot;
      active.stream()
          .filter(k -> !k.createdAt().isAfter(now))
          .max(Comparator.comparing(StoredKey::createdAt))
          .or(
              () ->
                  active.stream()
                      .filter(
                          k ->
                              previous != null && previous.signing().getKeyByKeyId(k.kid()) != null)
                      .findFirst())
          .or(() -> active.stream().min(Comparator.comparing(StoredKey::createdAt)))
          .ifPresent(k -> signing.add(decrypt(k)));
    }
    for (StoredKey key : keys) {
      published.add(decrypt(key).toPublicJWK());
    }
    this.snapshot = new Snapshot(new JWKSet(signing), new JWKSet(published));
  }

  private record StoredKey(
      String kid, String algorithm, byte[] ciphertext, String status, Instant createdAt) {}

  private JWK decrypt(StoredKey key) {
    byte[] json = cipher.decrypt(key.ciphertext(), "signing_key:" + key.kid());
    try {
      return JWK.parse(new String(json, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new IllegalStateException("signing key " + key.kid() + " is corrupt", e);
    }
  }

  /** Stores a new active key that signs from {@code signsFrom} (its {@code created_at}). */
  private void insert(JWK key, Instant signsFrom) {
    byte[] ciphertext =
        cipher.encrypt(
            key.toJSONString().getBytes(StandardCharsets.UTF_8), "signing_key:" + key.getKeyID());
    jdbc.sql(
            """
            INSERT INTO signing_key
              (kid, algorithm, public_jwk, private_key_ciphertext, encryption_key_id, status,
               created_at, published_at)
            VALUES (?, ?, ?, ?, ?, 'active', ?, ?)
            """)
        .params(
            key.getKeyID(),
            key.getAlgorithm().getName(),
            key.toPublicJWK().toJSONString(),
            ciphertext,
            cipher.keyId(),
            Timestamp.from(signsFrom),
            Timestamp.from(clock.instant()))
        .update();
  }

  private static JWK generate(JWSAlgorithm algorithm) {
    String kid = UUID.randomUUID().toString();
    try {
      if (JWSAlgorithm.ES256.equals(algorithm)) {
        ECKey key =
            new ECKeyGenerator(Curve.P_256)
                .keyID(kid)
                .algorithm(JWSAlgorithm.ES256)
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        return key;
      }
      RSAKey key =
          new RSAKeyGenerator(2048)
              .keyID(kid)
              .algorithm(JWSAlgorithm.RS256)
              .keyUse(KeyUse.SIGNATURE)
              .generate();
      return key;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
  }
}
