package jp.ishikawa.id.idp.datafiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes the IdP's own data files readable by its own user only: directories {@code 0700}, files
 * {@code 0600}. The embedded database, the demo secrets, the demo certification authority and cards
 * were world-readable ({@code 0644}) under the usual umask. On a file system without POSIX
 * permissions this does nothing.
 */
public final class OwnerOnlyFiles {

  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} (and its parents) if needed, then restricts it and all inside. */
  public static void restrict(Path directory) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.createDirectories(directory);
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.toList()) {
          if (Files.isSymbolicLink(path)) {
            continue;
          }
          Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + directory + " owner-only", e);
    }
  }

  /**
   * The directory of an embedded H2 file database ({@code jdbc:h2:file:<path>;…}), or null for any
   * other URL.
   */
  public static Path h2Directory(String jdbcUrl) {
    String prefix = "jdbc:h2:file:";
    if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
      return null;
    }
    String file = jdbcUrl.substring(prefix.length());
    int options = file.indexOf(';');
    Path path = Path.of(options >= 0 ? file.substring(0, options) : file).toAbsolutePath();
    return path.getParent();
  }
}
