package jp.ishikawa.id.consentui.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Full-page PNG screenshots of the pages the browser tests visit, into {@code docs/screenshots/}
 * (committed: the README and reviewers show what a resident sees); consent-ui's are named {@code
 * consent-ui-*}. Japanese text needs a Japanese font in the browser's machine ({@code
 * fonts-noto-cjk}, installed by {@code .ci/run}).
 */
final class Screenshots {

  /** The repository's {@code docs/screenshots/}; the tests run in {@code consent-ui/}. */
  static final Path FOLDER = Path.of("..", "docs", "screenshots");

  private Screenshots() {}

  /**
   * Photographs the whole page, not only the viewport, as {@code <name>.png}; {@code scale} shrinks
   * a phone's three device pixels per CSS pixel to keep the files small.
   */
  static Path take(HeadlessChromium chromium, String name, double scale) {
    Object metrics = chromium.driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<?, ?> size = (Map<?, ?>) ((Map<?, ?>) metrics).get("cssContentSize");
    double width = ((Number) size.get("width")).doubleValue();
    double height = ((Number) size.get("height")).doubleValue();
    Map<String, Object> answer =
        chromium
            .driver()
            .executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                    "format",
                    "png",
                    "captureBeyondViewport",
                    true,
                    "clip",
                    Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", scale)));
    Path file = FOLDER.resolve(name + ".png");
    try {
      Files.createDirectories(FOLDER);
      Files.write(file, Base64.getDecoder().decode((String) answer.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
