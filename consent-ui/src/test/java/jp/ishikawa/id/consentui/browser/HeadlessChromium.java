package jp.ishikawa.id.consentui.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium and chromedriver, headless, with a fresh profile (as in the IdP's browser
 * tests). The driver is named explicitly so that Selenium Manager never tries to download one
 * (there is no internet here). When Chromium or chromedriver is not installed (a newcomer's laptop)
 * the browser test classes, marked {@code @ExtendWith(ChromiumRequired.class)}, count as skipped
 * and say so loudly; with {@code ISHIKAWA_ID_REQUIRE_BACKENDS=true} (CI) they fail instead.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Long enough for a card transaction on a loaded CI machine, short enough to fail usefully. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /** How often a wait looks again: the page's own steps take tens of milliseconds. */
  private static final Duration POLL = Duration.ofMillis(50);

  private final Path profile;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  /** Starts a browser, or skips (in CI: fails) the calling test class when there is none. */
  static HeadlessChromium start() {
    requireInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("consent-ui-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    try {
      return new HeadlessChromium(profile, new ChromeDriver(service, options));
    } catch (RuntimeException e) {
      delete(profile);
      throw e;
    }
  }

  private static void requireInstalled() {
    String missing = ChromiumRequired.missing();
    if (missing != null) {
      // Only reached in CI: elsewhere ChromiumRequired has skipped the class already.
      Assertions.fail(
          "*** " + missing + ": browser tests FAIL because ISHIKAWA_ID_REQUIRE_BACKENDS=true ***");
    }
  }

  /** Whether a missing browser fails the tests instead of skipping them (CI). */
  static boolean required() {
    return Boolean.parseBoolean(System.getenv("ISHIKAWA_ID_REQUIRE_BACKENDS"));
  }

  ChromeDriver driver() {
    return driver;
  }

  WebDriverWait await() {
    return new WebDriverWait(driver, PATIENCE, POLL);
  }

  /** Forgets every cookie: the next page starts a new browser session in the IdP. */
  void clearCookies() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  /** Renders pages as a device of that CSS-pixel size would; {@code mobile} adds touch. */
  void viewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            width,
            "height",
            height,
            "deviceScaleFactor",
            mobile ? 3 : 1,
            "mobile",
            mobile));
    driver.executeCdpCommand(
        "Emulation.setTouchEmulationEnabled", Map.of("enabled", mobile, "maxTouchPoints", 5));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      delete(profile);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary profile left behind never fails a test run.
    }
  }
}
