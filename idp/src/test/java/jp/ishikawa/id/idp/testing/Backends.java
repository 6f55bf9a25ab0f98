package jp.ishikawa.id.idp.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL and Redis on localhost, for the tests that claim to test them. When they do not answer
 * (a newcomer's laptop) those tests are skipped, and say so loudly; with {@code
 * ISHIKAWA_ID_REQUIRE_BACKENDS=true} (CI) a missing backend fails the test instead.
 */
public final class Backends {

  public static final String POSTGRES_HOST = "127.0.0.1";
  public static final int POSTGRES_PORT = 5432;
  public static final String REDIS_HOST = "127.0.0.1";
  public static final int REDIS_PORT = 6379;

  private Backends() {}

  /** Skips (or, in CI, fails) the calling test unless PostgreSQL and Redis both answer. */
  public static void requirePostgresAndRedis() {
    boolean postgres = answers(POSTGRES_HOST, POSTGRES_PORT);
    boolean redis = answers(REDIS_HOST, REDIS_PORT);
    if (postgres && redis) {
      return;
    }
    String missing =
        (postgres ? "" : "PostgreSQL " + POSTGRES_HOST + ":" + POSTGRES_PORT + " ")
            + (redis ? "" : "Redis " + REDIS_HOST + ":" + REDIS_PORT);
    String message = "*** BACKENDS NOT ANSWERING (" + missing.trim() + "): PostgreSQL/Redis tests ";
    if (Boolean.parseBoolean(System.getenv("ISHIKAWA_ID_REQUIRE_BACKENDS"))) {
      Assertions.fail(message + "FAIL because ISHIKAWA_ID_REQUIRE_BACKENDS=true ***");
    }
    System.err.println(message + "are SKIPPED ***");
    Assumptions.abort(message + "skipped");
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
