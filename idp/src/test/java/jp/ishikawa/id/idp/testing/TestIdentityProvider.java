package jp.ishikawa.id.idp.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real IdP for tests: started on a free port with its own JPKI-TEST PKI, CRLs, secrets and
 * relying parties, on the embedded default (H2 file database, in-process stores) or on PostgreSQL
 * (a fresh database) and Redis. It can be restarted on the same port and data, which is how the
 * restart test takes a node away in the middle of a login.
 */
public final class TestIdentityProvider implements AutoCloseable {

  /** Where the IdP keeps its data. */
  public enum Storage {
    EMBEDDED,
    POSTGRES_REDIS
  }

  public static final String PORTAL = "portal";
  public static final String PORTAL_SECRET = "portal-secret-0123456789-abcdefghijklmnop";
  public static final URI PORTAL_REDIRECT = URI.create("https://portal.example/callback");
  public static final URI PORTAL_LOGGED_OUT = URI.create("https://portal.example/bye");
  public static final String COUPON = "coupon";
  public static final URI COUPON_REDIRECT = URI.create("https://coupon.example/callback");
  public static final String POINTS = "points";
  public static final String POINTS_SECRET = "points-secret-0123456789-abcdefghijklmnopq";
  public static final URI POINTS_REDIRECT = URI.create("https://shop.points.example/callback");

  /**
   * The e-application service: a confidential client that authenticates with {@code
   * private_key_jwt} (inline JWK set, {@link #E_APPLICATION_KEY}) and must push its authorization
   * requests (PAR).
   */
  public static final String E_APPLICATION = "e-application";

  public static final URI E_APPLICATION_REDIRECT =
      URI.create("https://e-application.example/callback");

  /** E-application's signing key (its public half is the client's registered {@code jwks}). */
  public static final ECKey E_APPLICATION_KEY = newKey("e-application-1");

  /** The points phone app: a public client whose tokens must be DPoP-bound. */
  public static final String POINTS_APP = "points-app";

  public static final URI POINTS_APP_REDIRECT = URI.create("https://app.points.example/callback");

  /** A data provider of the open-data catalogue: a machine client (client_credentials). */
  public static final String CATALOGUE_PROVIDER = "opendata-provider";

  public static final String CATALOGUE_PROVIDER_SECRET =
      "opendata-provider-secret-0123456789-abcdef";

  private final Storage storage;
  private final TestPki pki;
  private final Path directory;
  private final MutableClock clock = new MutableClock();
  private final int port;
  private final String databaseName;
  private final List<BigInteger> revoked = new ArrayList<>();
  private final SwitchableDataSource.Switch databaseSwitch = new SwitchableDataSource.Switch();
  private final boolean ownsData;
  private ConfigurableApplicationContext context;

  private Map<String, Object> extraProperties;

  private TestIdentityProvider(Storage storage, Map<String, Object> extraProperties)
      throws IOException {
    this.storage = storage;
    this.ownsData = true;
    this.extraProperties = Map.copyOf(extraProperties);
    this.pki = TestPki.create();
    this.directory = Files.createTempDirectory("ishikawa-id-test");
    this.port = LocalPorts.unused();
    Files.createDirectories(directory.resolve("roots"));
    Files.createDirectories(directory.resolve("crl"));
    Files.writeString(
        directory.resolve("roots/auth.pem"), pem(pki.newestRoot(Purpose.LOGIN).der()));
    Files.writeString(
        directory.resolve("roots/sign.pem"), pem(pki.newestRoot(Purpose.IDENTITY).der()));
    writeCrls();
    if (storage == Storage.POSTGRES_REDIS) {
      Backends.requirePostgresAndRedis();
      this.databaseName = "ishikawa_id_test_" + UUID.randomUUID().toString().replace("-", "");
      postgres("CREATE DATABASE " + databaseName);
    } else {
      this.databaseName = null;
    }
  }

  /** A second node of {@code first}: same PKI, secrets, database and Redis, its own port. */
  private TestIdentityProvider(TestIdentityProvider first, Map<String, Object> extraProperties)
      throws IOException {
    this.storage = first.storage;
    this.ownsData = false;
    this.extraProperties = Map.copyOf(extraProperties);
    this.pki = first.pki;
    this.directory = first.directory;
    this.port = LocalPorts.unused();
    this.databaseName = first.databaseName;
  }

  /**
   * Starts another node on this one's PostgreSQL database and Redis (production storage only), as a
   * second pod would be: its own port (and so its own issuer URL), everything else shared. Closing
   * it leaves the data to this node.
   */
  public TestIdentityProvider anotherNode(Map<String, Object> extraProperties) {
    if (storage != Storage.POSTGRES_REDIS) {
      throw new IllegalStateException("two nodes share PostgreSQL and Redis only");
    }
    try {
      TestIdentityProvider node = new TestIdentityProvider(this, extraProperties);
      node.startContext();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestIdentityProvider start(Storage storage) {
    return start(storage, Map.of());
  }

  /** Starts an IdP with some settings of its own (they win over the defaults above). */
  public static TestIdentityProvider start(Storage storage, Map<String, Object> extraProperties) {
    try {
      TestIdentityProvider provider = new TestIdentityProvider(storage, extraProperties);
      provider.startContext();
      return provider;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI issuer() {
    return URI.create("http://localhost:" + port);
  }

  public Storage storage() {
    return storage;
  }

  public TestPki pki() {
    return pki;
  }

  public MutableClock clock() {
    return clock;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** Lists {@code serial} in the authentication CRL and makes the IdP reload it. */
  public void revoke(BigInteger serial) {
    revoked.add(serial);
    try {
      writeCrls();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bean(jp.ishikawa.id.idp.config.JpkiRevocation.class).crls().orElseThrow().refreshNow();
  }

  /**
   * Breaks (or mends) the IdP's database connection: while broken, every new connection attempt
   * fails as it would with the database down.
   */
  public void databaseBroken(boolean broken) {
    databaseSwitch.broken(broken);
  }

  /** Stops this node and starts another on the same port, database and Redis. */
  public void restart() {
    context.close();
    startContext();
  }

  /**
   * Stops this node and starts another on the same port, database and Redis, with other settings of
   * its own (e.g. a client taken out of the configuration).
   */
  public void restart(Map<String, Object> newExtraProperties) {
    context.close();
    this.extraProperties = Map.copyOf(newExtraProperties);
    startContext();
  }

  @Override
  public void close() {
    if (context != null) {
      context.close();
    }
    if (!ownsData) {
      return;
    }
    if (databaseName != null) {
      try {
        postgres("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
      } catch (IOException e) {
        // Leaves a test database behind; never fails the test run for it.
      }
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Temporary files only.
    }
  }

  private void startContext() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", port);
    properties.put("ishikawa-id.issuer", issuer().toString());
    properties.put(
        "ishikawa-id.jpki.login-trust-anchors[0]", directory.resolve("roots/auth.pem").toString());
    properties.put(
        "ishikawa-id.jpki.identity-trust-anchors[0]",
        directory.resolve("roots/sign.pem").toString());
    properties.put("ishikawa-id.jpki.revocation", "crl");
    properties.put("ishikawa-id.jpki.crl-locations[0]", directory.resolve("crl").toString());
    properties.put("ishikawa-id.jpki.allow-test-roots", "true");
    properties.put("ishikawa-id.secrets.encryption-key", key(1));
    properties.put("ishikawa-id.secrets.pairwise-key", key(2));
    properties.put("ishikawa-id.transactions.per-session-per-minute", "1000");
    properties.put("ishikawa-id.transactions.per-address-per-minute", "1000");
    properties.put("ishikawa-id.transactions.responses-per-address-per-minute", "1000");
    client(
        properties,
        0,
        PORTAL,
        PORTAL_SECRET,
        PORTAL_REDIRECT,
        "public",
        "ES256",
        "openid,profile,address,birthdate,gender,ishikawa_residency");
    properties.put(
        "ishikawa-id.clients[0].post-logout-redirect-uris[0]", PORTAL_LOGGED_OUT.toString());
    client(
        properties,
        1,
        COUPON,
        null,
        COUPON_REDIRECT,
        "public",
        "ES256",
        "openid,ishikawa_residency");
    client(
        properties,
        2,
        POINTS,
        POINTS_SECRET,
        POINTS_REDIRECT,
        "pairwise",
        "RS256",
        "openid,profile,ishikawa_residency");
    client(
        properties,
        3,
        E_APPLICATION,
        null,
        E_APPLICATION_REDIRECT,
        "pairwise",
        "ES256",
        "openid,profile");
    properties.put("ishikawa-id.clients[3].token-endpoint-auth-method", "private_key_jwt");
    properties.put(
        "ishikawa-id.clients[3].jwks", new JWKSet(E_APPLICATION_KEY.toPublicJWK()).toString());
    properties.put("ishikawa-id.clients[3].require-pushed-authorization-requests", "true");
    client(
        properties,
        4,
        POINTS_APP,
        null,
        POINTS_APP_REDIRECT,
        "pairwise",
        "ES256",
        "openid,ishikawa_residency");
    properties.put("ishikawa-id.clients[4].require-dpop", "true");
    String provider = "ishikawa-id.clients[5].";
    properties.put(provider + "client-id", CATALOGUE_PROVIDER);
    properties.put(provider + "client-name", "opendata provider");
    properties.put(provider + "client-secret", CATALOGUE_PROVIDER_SECRET);
    properties.put(provider + "grant-types[0]", "client_credentials");
    properties.put(provider + "scopes[0]", "catalogue.publish");
    // Points are spent: the points service takes only card logins (issue 10).
    properties.put("ishikawa-id.clients[2].require-card", "true");
    properties.put("logging.level.root", "WARN");
    properties.put("logging.level.jp.ishikawa.id", "INFO");
    if (storage == Storage.POSTGRES_REDIS) {
      properties.put("ishikawa-id.store", "redis");
      properties.put(
          "spring.datasource.url",
          "jdbc:postgresql://"
              + Backends.POSTGRES_HOST
              + ":"
              + Backends.POSTGRES_PORT
              + "/"
              + databaseName);
      properties.put("spring.datasource.username", "postgres");
      properties.put("spring.datasource.password", "");
      properties.put("spring.data.redis.host", Backends.REDIS_HOST);
      properties.put("spring.data.redis.port", Backends.REDIS_PORT);
      properties.put("management.health.redis.enabled", "true");
    } else {
      properties.put("ishikawa-id.store", "embedded");
      properties.put(
          "spring.datasource.url",
          "jdbc:h2:file:"
              + directory.resolve("db/ishikawa-id")
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }
    properties.putAll(extraProperties);
    // As command-line arguments: they outrank application.yml, as an operator's settings would.
    String[] arguments =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    context =
        new SpringApplicationBuilder(IdpApplication.class)
            .initializers(
                applicationContext -> {
                  applicationContext.getBeanFactory().registerSingleton("clock", clock);
                  applicationContext.addBeanFactoryPostProcessor(
                      factory ->
                          factory.addBeanPostProcessor(
                              new SwitchableDataSource.Wrapper(databaseSwitch)));
                })
            .run(arguments);
  }

  private static void client(
      Map<String, Object> properties,
      int index,
      String clientId,
      String secret,
      URI redirect,
      String subjectType,
      String algorithm,
      String scopes) {
    String prefix = "ishikawa-id.clients[" + index + "].";
    properties.put(prefix + "client-id", clientId);
    properties.put(prefix + "client-name", clientId + " service");
    if (secret != null) {
      properties.put(prefix + "client-secret", secret);
    }
    properties.put(prefix + "redirect-uris[0]", redirect.toString());
    properties.put(prefix + "subject-type", subjectType);
    properties.put(prefix + "id-token-signing-alg", algorithm);
    String[] list = scopes.split(",");
    for (int i = 0; i < list.length; i++) {
      properties.put(prefix + "scopes[" + i + "]", list[i]);
    }
  }

  private void writeCrls() throws IOException {
    Instant now = Instant.now();
    for (Purpose purpose : Purpose.values()) {
      CrlSpec spec =
          CrlSpec.of(purpose)
              .updates(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)))
              .number(revoked.size() + 1L);
      if (purpose == Purpose.LOGIN) {
        revoked.forEach(serial -> spec.revoke(serial, now.minusSeconds(60), 1));
      }
      try {
        Files.write(
            directory.resolve("crl").resolve(purpose.code() + ".crl"), pki.crl(spec).getEncoded());
      } catch (CRLException e) {
        throw new IOException(e);
      }
    }
  }

  private static void postgres(String sql) throws IOException {
    String url =
        "jdbc:postgresql://" + Backends.POSTGRES_HOST + ":" + Backends.POSTGRES_PORT + "/postgres";
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL: " + sql, e);
    }
  }

  private static String key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }

  private static ECKey newKey(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }
}
