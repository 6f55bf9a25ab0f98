package jp.ishikawa.id.idp.load;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import jp.ishikawa.id.idp.testing.Backends;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestIdentityProvider.Storage;
import org.opentest4j.TestAbortedException;

/**
 * The project's load harness for the login flows (ARCHITECTURE.md, "Scale": 10–30 registrations/s
 * when a points campaign opens, about 100 logins/s after a push notification, each with ten-fold
 * headroom). It starts a real IdP in this JVM ({@link TestIdentityProvider}: embedded storage, or
 * PostgreSQL and Redis) and drives it over HTTP on loopback with a bounded number of virtual
 * residents, each using card-client's protocol code and a simulated card. Run it with {@code
 * idp/load/run-load.sh [embedded|postgres-redis|all] [seconds]}; it is a program, not a test, so
 * {@code mvn verify} never runs it.
 *
 * <p>System properties: {@code load.workers} (concurrency levels, default {@code 4,16,64}), {@code
 * load.warmup} (seconds of unmeasured lead-in per run, default 3), {@code load.httpClients} (HTTP
 * clients the workers share, default 2), {@code load.flows} (default {@code
 * registration,login,complete-login,oidc,refresh,client-credentials}), {@code load.repeats} (how
 * many times the flows are measured in turn, default 3: each run's figure is printed with the
 * median, the range and the spread). Spring Boot settings of the IdP that {@link
 * TestIdentityProvider} leaves alone can be given as system properties too, e.g. {@code
 * -Dspring.datasource.hikari.maximum-pool-size=80}.
 *
 * <p>The {@code waiting-room} flow (not in the default list) starts its own IdP with the waiting
 * room at {@code load.admissionCapacity} logins per second (default 20) and lets a crowd of three
 * times that arrive each second for the window ({@link WaitingRoomUnderLoad}).
 *
 * <p>The exit status is 1 when any operation failed or a run was cut short.
 */
public final class LoadHarness {

  private LoadHarness() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Storage> storages =
        switch (which) {
          case "embedded" -> List.of(Storage.EMBEDDED);
          case "postgres-redis" -> List.of(Storage.POSTGRES_REDIS);
          case "all" -> List.of(Storage.EMBEDDED, Storage.POSTGRES_REDIS);
          default ->
              throw new IllegalArgumentException(
                  "usage: LoadHarness [embedded|postgres-redis|all] [seconds]");
        };
    LoadSettings settings =
        new LoadSettings(
            Duration.ofSeconds(seconds),
            Duration.ofSeconds(Integer.getInteger("load.warmup", 3)),
            Arrays.stream(System.getProperty("load.workers", "4,16,64").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList(),
            Integer.getInteger("load.httpClients", 2),
            Set.copyOf(
                Arrays.stream(
                        System.getProperty("load.flows", LoadSettings.DEFAULT_FLOWS).split(","))
                    .map(String::trim)
                    .toList()),
            Integer.getInteger("load.admissionCapacity", 20),
            Integer.getInteger("load.repeats", 3));

    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String loadBefore = loadAverage();
    double cardMillis = cardSignatureMillis();
    List<Measurement> results = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<WaitingRoomUnderLoad.Result> waitingRooms = new ArrayList<>();
    for (Storage storage : storages) {
      String name = storage == Storage.EMBEDDED ? "embedded" : "postgres-redis";
      if (storage == Storage.POSTGRES_REDIS) {
        try {
          Backends.requirePostgresAndRedis();
        } catch (TestAbortedException e) {
          skipped.add(name + ": SKIPPED, " + e.getMessage());
          System.out.println("*** " + name + " SKIPPED: PostgreSQL or Redis does not answer ***");
          continue;
        }
      }
      if (settings.closedLoopFlows()) {
        System.out.println(name + ": starting the IdP");
        try (TestIdentityProvider idp =
            TestIdentityProvider.start(storage, redisDatabaseOfThisRun(storage))) {
          results.addAll(new IdpUnderLoad(idp, name, settings, System.out::println).run());
        }
      }
      if (settings.flows().contains(LoadSettings.WAITING_ROOM)) {
        System.out.println(name + ": starting the IdP with the waiting room");
        Map<String, Object> properties =
            new HashMap<>(WaitingRoomUnderLoad.properties(settings.admissionCapacity()));
        properties.putAll(redisDatabaseOfThisRun(storage));
        try (TestIdentityProvider idp = TestIdentityProvider.start(storage, properties)) {
          WaitingRoomUnderLoad.Result result =
              new WaitingRoomUnderLoad(
                      idp,
                      name,
                      settings.admissionCapacity(),
                      settings.window(),
                      System.out::println)
                  .run();
          System.out.println(result.format());
          waitingRooms.add(result);
        }
      }
    }

    if (settings.closedLoopFlows()) {
      System.out.println();
      System.out.println("## Login flows (load harness), started " + started);
      System.out.printf(
          Locale.ROOT,
          "Java %s (%s), %d processors, max heap %d MiB; window %d s after %d s warm-up per run;"
              + " workers %s; flows %s; %d run(s) of each; %d shared HTTP/1.1 clients; database"
              + " pool %s; card-protocol rate limits raised to %,d per minute (all load comes from"
              + " 127.0.0.1).%n",
          System.getProperty("java.version"),
          System.getProperty("java.vendor"),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024),
          settings.window().toSeconds(),
          settings.warmUp().toSeconds(),
          settings.workers(),
          settings.flows().stream().sorted().toList(),
          settings.repeats(),
          settings.httpClients(),
          System.getProperty("spring.datasource.hikari.maximum-pool-size", "10 (Hikari default)"),
          IdpUnderLoad.UNLIMITED);
      System.out.printf(
          Locale.ROOT,
          "Harness-side cost in the same JVM: one simulated-card RSA-2048 signature = %.2f ms CPU"
              + " (1 per login, 2 per registration).%n%n",
          cardMillis);
    }
    System.out.println(
        "Load average (1, 5, 15 min) before the run: "
            + loadBefore
            + "; after: "
            + loadAverage()
            + ". The machine-wide busy cores below include any other program running meanwhile.\n");
    if (!results.isEmpty()) {
      System.out.println(ResultTable.format(results));
      if (settings.repeats() > 1) {
        System.out.println();
        System.out.println(ResultTable.spread(results));
      }
      System.out.println();
      System.out.println(ResultTable.machineReadable(results));
    }
    if (!waitingRooms.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "%n## Waiting room under 3× capacity, started %s%nJava %s, %d processors; open loop:"
              + " arrivals each second whatever the answers; status polled every 1 s; one service"
              + " calling userinfo and refresh every 100 ms meanwhile.%n%n",
          started,
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
      waitingRooms.forEach(r -> System.out.println(r.format() + "\n"));
    }
    skipped.forEach(System.out::println);
    boolean failed =
        results.stream().anyMatch(m -> m.errors() > 0 || m.operations() == 0 || !m.note().isEmpty())
            || waitingRooms.stream().anyMatch(WaitingRoomUnderLoad.Result::failed);
    if (failed) {
      System.out.println(
          "\nSome operations failed or a run was cut short: see the notes above, and the IdP's log"
              + " (idp/target/load/idp.log from run-load.sh).");
    }
    System.exit(failed ? 1 : 0);
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * What one card signature costs this JVM: the simulated card's RSA-2048 private-key operation,
   * which a real card does on its own chip. It is part of the JVM CPU per operation in the table.
   */
  private static double cardSignatureMillis() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    byte[] digestInfo = new byte[51];
    for (int i = 0; i < 300; i++) {
      rsa.init(Cipher.ENCRYPT_MODE, keys.getPrivate());
      rsa.doFinal(digestInfo);
    }
    int rounds = 1000;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      rsa.init(Cipher.ENCRYPT_MODE, keys.getPrivate());
      rsa.doFinal(digestInfo);
    }
    return (System.nanoTime() - start) / 1e6 / rounds;
  }

  /**
   * The Redis database a postgres-redis run uses ({@code -Dload.redisDatabase}, 15 by default),
   * emptied before the IdP starts. Every run thus starts as the fresh PostgreSQL database does:
   * without the sessions, transactions and rate-limit keys of earlier runs, whose expiry
   * notifications (Spring Session listens to every key expiring in its database) would otherwise
   * reach this run's IdP and make each run's figure depend on the runs before it. Database 0, which
   * the tests use, is never touched.
   */
  private static Map<String, Object> redisDatabaseOfThisRun(Storage storage) {
    if (storage != Storage.POSTGRES_REDIS) {
      return Map.of();
    }
    int database = Integer.getInteger("load.redisDatabase", 15);
    if (database == 0) {
      throw new IllegalArgumentException("load.redisDatabase: database 0 is the tests'; pick 1-15");
    }
    RedisClient client =
        RedisClient.create(
            "redis://" + Backends.REDIS_HOST + ":" + Backends.REDIS_PORT + "/" + database);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().flushdb();
    } finally {
      client.shutdown();
    }
    System.out.println("Redis database " + database + " emptied for this run");
    return Map.of("spring.data.redis.database", database);
  }
}
