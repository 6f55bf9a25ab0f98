package jp.ishikawa.id.idp.datafiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import jp.ishikawa.id.idp.demo.DemoEnvironment;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.Environment;

/**
 * The IdP's data files are its own user's only (issue 7, item 13): the embedded database, and the
 * demo's secrets, certification authority and cards, were created world-readable.
 */
class OwnerOnlyDataFilesTests {

  private static void assertOwnerOnly(Path directory) throws Exception {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths = walk.toList();
    }
    assertThat(paths).hasSizeGreaterThan(1);
    for (Path path : paths) {
      assertThat(Files.getPosixFilePermissions(path))
          .as(path.toString())
          .isEqualTo(Files.isDirectory(path) ? OwnerOnlyFiles.DIRECTORY : OwnerOnlyFiles.FILE);
    }
  }

  @Test
  void embeddedDatabaseWhenStartedThenDirectoryAndFilesOwnerOnly() throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    Path directory =
        OwnerOnlyFiles.h2Directory(
            idp.bean(Environment.class).getProperty("spring.datasource.url"));

    assertThat(directory).isNotNull();
    assertOwnerOnly(directory);
  }

  @Test
  void demoEnvironmentWhenCreatedThenSecretsCaAndCardsOwnerOnly(@TempDir Path temporary)
      throws Exception {
    IshikawaIdProperties properties = new IshikawaIdProperties();
    properties.setDemoDirectory(temporary.resolve("demo").toString());

    new DemoEnvironment(properties, Clock.systemUTC());

    Path demo = temporary.resolve("demo");
    assertThat(demo.resolve("secrets.properties")).exists();
    assertOwnerOnly(demo);
  }
}
