package jp.ishikawa.id.verifier.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real J-LIS roots and card material in {@code ../shared/jpki/real/} (JPKI.md §7). They are
 * read in place, never copied into the repository. When the folder is absent (a clone outside the
 * team workspace) the tests that need them are skipped, and say so loudly.
 */
public final class RealSamples {

  private RealSamples() {}

  /**
   * The folder, from the build's {@code ishikawa.shared.dir} or {@code ../shared} of the project.
   */
  public static Path folder() {
    String configured = System.getProperty("ishikawa.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    return shared.resolve("jpki").resolve("real").toAbsolutePath().normalize();
  }

  /** Skips the calling test, with a loud message, when the real samples are not there. */
  public static void assumePresent() {
    boolean present = Files.isRegularFile(folder().resolve("card-auth-cert-2019.der"));
    if (!present) {
      System.err.println(
          "*** REAL JPKI SAMPLES ABSENT at " + folder() + ": real-card tests are SKIPPED ***");
    }
    Assumptions.assumeTrue(
        present, "real JPKI samples absent at " + folder() + ": real-card tests skipped");
  }

  public static Path path(String name) {
    assumePresent();
    return folder().resolve(name);
  }

  public static byte[] read(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
