package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One configured place CRLs come from: a file, a directory (every {@code *.crl}, {@code *.der} and
 * {@code *.pem} file in it, re-listed at every refresh so that an operator can drop in a new
 * municipality's CRL), or an http(s) URL.
 *
 * @param text the location as configured
 * @param path the file or directory, or null for a URL
 * @param uri the URL, or null for a path
 */
record CrlLocation(String text, Path path, URI uri) {

  /**
   * Reads one configured location.
   *
   * @throws IllegalArgumentException when it is neither an existing file or directory nor an
   *     http(s) URL: a configuration mistake that should stop start-up, not fail logins later
   */
  static CrlLocation of(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("a CRL location is blank");
    }
    String lower = location.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        URI uri = new URI(location.strip());
        if (uri.getHost() == null) {
          throw new IllegalArgumentException("CRL location " + location + " names no host");
        }
        return new CrlLocation(location, null, uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "CRL location " + location + " is not a valid URL: " + e.getReason(), e);
      }
    }
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException(
          "CRL location "
              + location
              + " uses an unsupported scheme: give a file, a directory or an http(s) URL");
    }
    Path path;
    try {
      path = Path.of(location);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("CRL location " + location + " is not a valid path", e);
    }
    if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "CRL location "
              + location
              + " is neither an existing file or directory nor an http:// or https:// URL");
    }
    return new CrlLocation(location, path, null);
  }

  boolean isHttp() {
    return uri != null;
  }

  /**
   * The sources this location holds now: itself for a file or URL, the CRL files for a directory
   * (empty when it holds none).
   */
  List<String> sources() throws IOException {
    if (uri != null) {
      return List.of(uri.toString());
    }
    if (!Files.isDirectory(path)) {
      return List.of(path.toString());
    }
    try (Stream<Path> listing = Files.list(path)) {
      return listing
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".crl") || name.endsWith(".der") || name.endsWith(".pem");
              })
          .sorted()
          .map(Path::toString)
          .toList();
    }
  }

  /** Opens a file source, refusing one larger than {@code maxBytes} before reading it. */
  static InputStream openFile(String source, long maxBytes) throws IOException {
    Path file = Path.of(source);
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new CrlFormatException(
          "the file has " + size + " bytes, more than the cap of " + maxBytes + " (maxCrlBytes)");
    }
    return Files.newInputStream(file);
  }
}
