package jp.ishikawa.id.consentui.browser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the two-node staff test runs the IdP on: a database of its own on the machine's PostgreSQL
 * ({@code 127.0.0.1:5432}, created and dropped with {@code psql}, so parallel runs never share one)
 * and a Redis server of its own on a free port (nothing on disk). Without PostgreSQL, {@code psql}
 * or {@code redis-server} the test is skipped and says so; with {@code
 * ISHIKAWA_ID_REQUIRE_BACKENDS=true} (CI) it fails instead.
 */
final class SharedBackends implements AutoCloseable {

  static final String POSTGRES_HOST = "127.0.0.1";
  static final int POSTGRES_PORT = 5432;

  private final String database = "consent_ui_staff_" + Long.toHexString(System.nanoTime());
  private final int redisPort;
  private final Process redis;

  private SharedBackends(int redisPort, Process redis) {
    this.redisPort = redisPort;
    this.redis = redis;
  }

  static SharedBackends start(Path folder) throws Exception {
    require(
        Files.isExecutable(Path.of("/usr/bin/psql")), "psql (PostgreSQL's client) not installed");
    require(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server not installed");
    require(answers(POSTGRES_PORT), "PostgreSQL does not answer on 127.0.0.1:" + POSTGRES_PORT);
    int port = IdpProcess.freePort();
    Process redis =
        new ProcessBuilder(
                "/usr/bin/redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("redis.log").toFile())
            .start();
    SharedBackends backends = new SharedBackends(port, redis);
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!answers(port)) {
        if (Instant.now().isAfter(deadline) || !redis.isAlive()) {
          throw new IllegalStateException("Redis did not start on port " + port);
        }
        Thread.sleep(100);
      }
      backends.psql("CREATE DATABASE " + backends.database);
    } catch (Exception | Error e) {
      backends.close();
      throw e;
    }
    return backends;
  }

  private static void require(boolean present, String missing) {
    if (!present) {
      if (Boolean.parseBoolean(System.getenv("ISHIKAWA_ID_REQUIRE_BACKENDS"))) {
        throw new AssertionError("*** " + missing + ": the two-node staff test FAILS ***");
      }
      System.err.println("*** " + missing + ": the two-node staff test is SKIPPED ***");
      Assumptions.abort(missing);
    }
  }

  /** The IdP's settings for these backends. */
  List<String> idpArguments() {
    return List.of(
        "--spring.datasource.url=jdbc:postgresql://"
            + POSTGRES_HOST
            + ":"
            + POSTGRES_PORT
            + "/"
            + database,
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--spring.datasource.hikari.maximum-pool-size=4",
        "--spring.data.redis.host=127.0.0.1",
        "--spring.data.redis.port=" + redisPort);
  }

  private void psql(String sql) throws Exception {
    Process psql =
        new ProcessBuilder(
                "/usr/bin/psql",
                "-h",
                POSTGRES_HOST,
                "-p",
                String.valueOf(POSTGRES_PORT),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql)
            .redirectErrorStream(true)
            .start();
    String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!psql.waitFor(60, TimeUnit.SECONDS) || psql.exitValue() != 0) {
      throw new IllegalStateException("psql " + sql + " failed: " + output);
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (Exception e) {
      System.err.println("the test database " + database + " was not dropped: " + e.getMessage());
    }
    redis.destroy();
    try {
      if (!redis.waitFor(10, TimeUnit.SECONDS)) {
        redis.destroyForcibly();
      }
    } catch (InterruptedException e) {
      redis.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
