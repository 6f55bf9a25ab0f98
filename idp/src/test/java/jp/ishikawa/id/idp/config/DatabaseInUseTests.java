package jp.ishikawa.id.idp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.idp.IdpApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A second Ishikawa ID on the same embedded database file (another process holds it, as a first
 * {@code java -jar idp.jar} would) stops with one sentence naming the folder, not H2's and Flyway's
 * stack traces.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseInUseTests {

  @TempDir Path folder;

  /** Another process: opens the database file and holds it until its input closes. */
  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
      System.out.println("open " + connection.getMetaData().getDatabaseProductName());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the file
      }
    }
  }

  @Test
  void startWhenAnotherProcessHoldsTheDatabaseFileThenSaysAnotherIshikawaIdUsesIt(
      CapturedOutput output) throws Exception {
    String url = "jdbc:h2:file:" + folder.resolve("data/idp/ishikawa-id") + ";MODE=PostgreSQL";
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DatabaseInUseTests.class.getName(),
                url)
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).startsWith("open H2");
      String key = Base64.getEncoder().encodeToString(new byte[32]);

      assertThatThrownBy(
              () ->
                  new SpringApplicationBuilder(IdpApplication.class)
                      .run(
                          "--server.port=0",
                          "--ishikawa-id.demo=true",
                          "--ishikawa-id.demo-directory=" + folder.resolve("data/demo"),
                          "--ishikawa-id.secrets.encryption-key=" + key,
                          "--ishikawa-id.secrets.pairwise-key=" + key,
                          "--spring.datasource.url=" + url,
                          "--logging.level.root=ERROR")
                      .close())
          .isNotNull();

      assertThat(output.toString())
          .contains("APPLICATION FAILED TO START")
          .contains("Another Ishikawa ID is already using " + folder.resolve("data"))
          .contains("Stop the other Ishikawa ID first");
    } finally {
      other.getOutputStream().close();
      if (!other.waitFor(10, TimeUnit.SECONDS)) {
        other.destroy();
      }
    }
  }
}
