package jp.ishikawa.id.idp.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import jp.ishikawa.id.idp.migration.DatabaseMigration;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;

/**
 * Three IdP processes on the production profile behind HAProxy, on a PostgreSQL and a Redis of
 * their own, all on 127.0.0.1: the database is migrated once by {@code migrate-only} (as the
 * Kubernetes Job does) and every node only validates the schema. Every node shares the issuer (the
 * load balancer's address), the secrets, the JPKI-TEST roots and CRLs and the portal client.
 */
final class Cluster implements AutoCloseable {

  static final String PORTAL = "portal";
  static final String PORTAL_SECRET = "portal-secret-0123456789-abcdefghijklmnop";
  static final URI PORTAL_REDIRECT = URI.create("https://portal.example/callback");

  /** How often every node re-reads the signing keys, and how long a new key waits to sign. */
  static final Duration KEY_REFRESH = Duration.ofSeconds(2);

  static final Duration KEY_PUBLICATION_DELAY = Duration.ofSeconds(8);

  private static final String DATABASE = "ishikawa_id";

  private final Path directory;
  private final TestPki pki;
  private final List<IdpNode> nodes = new ArrayList<>();
  private PrivatePostgres postgres;
  private PrivateRedis redis;
  private HaProxy haproxy;

  Cluster(int nodeCount) {
    try {
      this.directory = Files.createTempDirectory("ishikawa-id-cluster");
      this.pki = TestPki.create();
      Files.createDirectories(directory.resolve("roots"));
      Files.createDirectories(directory.resolve("crl"));
      Files.writeString(
          directory.resolve("roots/auth.pem"), pem(pki.newestRoot(Purpose.LOGIN).der()));
      Files.writeString(
          directory.resolve("roots/sign.pem"), pem(pki.newestRoot(Purpose.IDENTITY).der()));
      writeCrls();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Tools first: a missing one skips (or, in CI, fails) before anything starts.
    RequiredTool.require("haproxy", "the cluster's load balancer", "/usr/sbin/haproxy");
    try {
      start(nodeCount);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void start(int nodeCount) {
    this.postgres = PrivatePostgres.start(directory);
    this.redis = PrivateRedis.start(directory);
    postgres.createDatabase(DATABASE);
    migrate();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(new IdpNode(String.valueOf((char) ('a' + i)), directory));
    }
    this.haproxy = new HaProxy(directory, nodes);
    nodes.forEach(node -> node.start(settings()));
    CompletableFuture.allOf(
            nodes.stream()
                .map(
                    node ->
                        CompletableFuture.runAsync(() -> node.awaitReady(Duration.ofMinutes(3))))
                .toArray(CompletableFuture[]::new))
        .join();
    for (IdpNode node : nodes) {
      haproxy.awaitStatus(node.name(), "UP", Duration.ofSeconds(30));
    }
  }

  /** What the Kubernetes Job does: {@code idp.jar migrate-only} on the production profile. */
  private void migrate() {
    List<String> arguments = new ArrayList<>();
    arguments.add(DatabaseMigration.MODE);
    arguments.add("--spring.profiles.active=production");
    arguments.addAll(databaseSettings());
    ChildProcess.run(
        IdpNode.javaCommand(arguments), directory.resolve("migrate.log"), Duration.ofMinutes(2));
  }

  private List<String> databaseSettings() {
    return List.of(
        "--spring.datasource.url=" + postgres.jdbcUrl(DATABASE),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=");
  }

  /** Every node's settings, as an operator's would be (command-line arguments). */
  private List<String> settings() {
    List<String> s = new ArrayList<>();
    s.add("--spring.profiles.active=production");
    s.addAll(databaseSettings());
    // Fail fast while a backend is down, instead of holding the resident for 30 s.
    s.add("--spring.datasource.hikari.connection-timeout=2000");
    s.add("--spring.datasource.hikari.maximum-pool-size=8");
    s.add("--spring.data.redis.host=127.0.0.1");
    s.add("--spring.data.redis.port=" + redis.port());
    s.add("--spring.data.redis.timeout=2s");
    s.add("--spring.data.redis.connect-timeout=2s");
    s.add("--ishikawa-id.issuer=" + issuer());
    s.add("--ishikawa-id.database.migrations=validate");
    // The test talks plain http to the load balancer; production's session cookie is Secure.
    s.add("--server.servlet.session.cookie.secure=false");
    s.add("--ishikawa-id.jpki.login-trust-anchors[0]=" + directory.resolve("roots/auth.pem"));
    s.add("--ishikawa-id.jpki.identity-trust-anchors[0]=" + directory.resolve("roots/sign.pem"));
    s.add("--ishikawa-id.jpki.revocation=crl");
    s.add("--ishikawa-id.jpki.crl-locations[0]=" + directory.resolve("crl"));
    s.add("--ishikawa-id.jpki.allow-test-roots=true");
    s.add("--ishikawa-id.secrets.encryption-key=" + encryptionKey());
    s.add("--ishikawa-id.secrets.pairwise-key=" + key(2));
    s.add("--ishikawa-id.transactions.per-session-per-minute=100000");
    s.add("--ishikawa-id.transactions.responses-per-address-per-minute=100000");
    s.add("--ishikawa-id.signing-key-refresh-interval=" + KEY_REFRESH);
    s.add("--ishikawa-id.signing-key-publication-delay=" + KEY_PUBLICATION_DELAY);
    s.add("--ishikawa-id.clients[0].client-id=" + PORTAL);
    s.add("--ishikawa-id.clients[0].client-name=portal service");
    s.add("--ishikawa-id.clients[0].client-secret=" + PORTAL_SECRET);
    s.add("--ishikawa-id.clients[0].redirect-uris[0]=" + PORTAL_REDIRECT);
    s.add("--ishikawa-id.clients[0].scopes[0]=openid");
    s.add("--ishikawa-id.clients[0].scopes[1]=profile");
    s.add("--logging.level.root=WARN");
    s.add("--logging.level.jp.ishikawa.id=INFO");
    return s;
  }

  URI issuer() {
    return URI.create("http://localhost:" + haproxy.port());
  }

  TestPki pki() {
    return pki;
  }

  List<IdpNode> nodes() {
    return nodes;
  }

  IdpNode node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  HaProxy haproxy() {
    return haproxy;
  }

  PrivatePostgres postgres() {
    return postgres;
  }

  PrivateRedis redis() {
    return redis;
  }

  String jdbcUrl() {
    return postgres.jdbcUrl(DATABASE);
  }

  static String encryptionKey() {
    return key(1);
  }

  /** Starts a killed or stopped node again and waits until HAProxy sends it requests. */
  void restart(IdpNode node) {
    node.start(settings());
    node.awaitReady(Duration.ofMinutes(3));
    haproxy.awaitStatus(node.name(), "UP", Duration.ofSeconds(30));
  }

  /** Waits until every node is ready and HAProxy sees each of them up. */
  void awaitAllUp(Duration limit) {
    for (IdpNode node : nodes) {
      node.awaitReady(limit);
      haproxy.awaitStatus(node.name(), "UP", limit);
    }
  }

  /** Every node's log, for the privacy checks. */
  List<Path> logs() {
    return nodes.stream().map(IdpNode::log).toList();
  }

  @Override
  public void close() {
    nodes.forEach(IdpNode::close);
    if (haproxy != null) {
      haproxy.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (!Boolean.getBoolean("ishikawa-id.cluster.keep")) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // Temporary files only.
      }
    }
  }

  private void writeCrls() throws IOException {
    Instant now = Instant.now();
    for (Purpose purpose : Purpose.values()) {
      CrlSpec spec =
          CrlSpec.of(purpose)
              .updates(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)))
              .number(1L);
      try {
        Files.write(
            directory.resolve("crl").resolve(purpose.code() + ".crl"), pki.crl(spec).getEncoded());
      } catch (CRLException e) {
        throw new IOException(e);
      }
    }
  }

  private static String key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }
}
