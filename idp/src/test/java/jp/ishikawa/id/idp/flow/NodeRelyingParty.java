package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The openid-client relying party of {@code idp/src/test/node/relying-party.mjs}, run as a Node
 * process: it writes one JSON object per line ({@code {"step": …}}) and reads one per line when it
 * needs the browser. Without Node or the installed packages ({@code npm ci} in {@code
 * idp/src/test/node}) the tests are skipped loudly; with {@code ISHIKAWA_ID_REQUIRE_BACKENDS=true}
 * (CI) they fail.
 */
final class NodeRelyingParty implements AutoCloseable {

  static final Path PROJECT = Path.of("src/test/node").toAbsolutePath();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** How long one step may take before the test gives up (a hang guard, not an assertion). */
  private static final long STEP_SECONDS = 60;

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> stderr = new ArrayList<>();

  private NodeRelyingParty(Process process) {
    this.process = process;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread.ofVirtual().start(() -> pump(process.inputReader(StandardCharsets.UTF_8), stdout));
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader errors = process.errorReader(StandardCharsets.UTF_8)) {
                errors.lines().forEach(line -> record(line));
              } catch (IOException e) {
                // The process ended.
              }
            });
  }

  private synchronized void record(String line) {
    stderr.add(line);
  }

  private static void pump(BufferedReader reader, BlockingQueue<String> lines) {
    try (reader) {
      reader.lines().forEach(lines::add);
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** Skips (or, in CI, fails) the calling test unless Node and openid-client are installed. */
  static void requireNodeAndPackages() {
    boolean node = nodeRuns();
    boolean packages =
        Files.isRegularFile(PROJECT.resolve("node_modules/openid-client/package.json"));
    if (node && packages) {
      return;
    }
    String missing =
        (node ? "" : "NODE NOT FOUND ON PATH; ")
            + (packages ? "" : "OPENID-CLIENT NOT INSTALLED (npm ci in " + PROJECT + "); ");
    String message = "*** " + missing + "openid-client tests ";
    if (Boolean.parseBoolean(System.getenv("ISHIKAWA_ID_REQUIRE_BACKENDS"))) {
      Assertions.fail(message + "FAIL because ISHIKAWA_ID_REQUIRE_BACKENDS=true ***");
    }
    System.err.println(message + "are SKIPPED ***");
    Assumptions.abort(message + "skipped");
  }

  private static boolean nodeRuns() {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code command} of the script for a client configured by {@code environment}. */
  static NodeRelyingParty start(String command, Map<String, String> environment) {
    ProcessBuilder builder =
        new ProcessBuilder("node", "relying-party.mjs", command).directory(PROJECT.toFile());
    builder.environment().putAll(environment);
    try {
      return new NodeRelyingParty(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next step the script reports; an {@code error} step fails the test with its detail. */
  Map<String, Object> expect(String step) {
    Map<String, Object> message = next();
    assertThat(message.get("step"))
        .as(() -> "openid-client RP: " + message + "\nstderr: " + stderr())
        .isEqualTo(step);
    return message;
  }

  /** Answers the step the script asked. */
  void answer(Map<String, Object> body) {
    try {
      stdin.write(JSON.writeValueAsString(body) + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> next() {
    try {
      String line = stdout.poll(STEP_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        Assertions.fail(
            "openid-client RP said nothing for " + STEP_SECONDS + " s; stderr: " + stderr());
      }
      return JSON.readValue(line, Map.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private synchronized String stderr() {
    return String.join("\n", stderr);
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // Already closed by the process.
    }
    try {
      if (!process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
