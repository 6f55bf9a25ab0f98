package jp.ishikawa.id.idp.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from the machine that a test needs (kubectl, haproxy, redis-server, PostgreSQL's
 * initdb). When it is missing the test is skipped, and says so loudly; with {@code
 * ISHIKAWA_ID_REQUIRE_BACKENDS=true} (CI, whose {@code .ci/run} installs them) it fails instead.
 */
final class RequiredTool {

  private RequiredTool() {}

  /** The program's path, looked up on {@code PATH} and then in {@code fallbacks}. */
  static Path require(String name, String why, String... fallbacks) {
    Optional<Path> found = find(name, fallbacks);
    if (found.isPresent()) {
      return found.get();
    }
    String message = "*** " + name + " NOT FOUND (" + why + "): ";
    if (Boolean.parseBoolean(System.getenv("ISHIKAWA_ID_REQUIRE_BACKENDS"))) {
      Assertions.fail(message + "FAIL because ISHIKAWA_ID_REQUIRE_BACKENDS=true ***");
    }
    System.err.println(message + "test SKIPPED ***");
    Assumptions.abort(message + "skipped");
    throw new AssertionError("unreachable");
  }

  static Optional<Path> find(String name, String... fallbacks) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (String fallback : fallbacks) {
      Path candidate = Path.of(fallback);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
