package jp.ishikawa.id.idp.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skip sentence names exactly what is missing (issue 13: it blamed Chromium for chromedriver).
 */
class ChromiumRequiredTests {

  @TempDir Path folder;

  private Path executable(String name) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void missingWhenOnlyChromedriverAbsentThenNamesChromedriverAndItsPackage() throws IOException {
    String missing =
        ChromiumRequired.missing(executable("chromium"), folder.resolve("chromedriver"));

    assertThat(missing)
        .startsWith("chromedriver (")
        .doesNotContain("Chromium (")
        .contains("apt-get install chromium chromium-driver fonts-noto-cjk");
  }

  @Test
  void missingWhenOnlyChromiumAbsentThenNamesChromium() throws IOException {
    String missing =
        ChromiumRequired.missing(folder.resolve("chromium"), executable("chromedriver"));

    assertThat(missing).startsWith("Chromium (").doesNotContain("chromedriver (");
  }

  @Test
  void missingWhenBothInstalledThenNothing() throws IOException {
    assertThat(ChromiumRequired.missing(executable("chromium"), executable("chromedriver")))
        .isNull();
  }
}
