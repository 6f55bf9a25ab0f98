package jp.ishikawa.id.consentui.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Browser test classes run only where Chromium and chromedriver are installed. Elsewhere (a
 * newcomer's laptop) every test of the class counts as skipped, so the build's summary shows them
 * ("Skipped: 6"), and the console names what is missing and how to install it. With {@code
 * ISHIKAWA_ID_REQUIRE_BACKENDS=true} (CI) the tests run anyway and fail in {@link
 * HeadlessChromium#start()}, with the same sentence.
 */
final class ChromiumRequired implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String missing = missing();
    if (missing == null || HeadlessChromium.required()) {
      return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
    }
    if (context.getTestMethod().isEmpty()) {
      System.err.println(
          "*** "
              + missing
              + ": the browser tests of "
              + context.getDisplayName()
              + " are SKIPPED ***");
    }
    return ConditionEvaluationResult.disabled(missing);
  }

  /** What is not installed, with the command that installs it; null when nothing is missing. */
  static String missing() {
    return missing(HeadlessChromium.CHROMIUM, HeadlessChromium.CHROMEDRIVER);
  }

  static String missing(Path chromium, Path chromedriver) {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium)) {
      missing.add("Chromium (" + chromium + ")");
    }
    if (!Files.isExecutable(chromedriver)) {
      missing.add("chromedriver (" + chromedriver + ")");
    }
    return missing.isEmpty()
        ? null
        : String.join(" and ", missing)
            + " not installed; install with: sudo apt-get install chromium chromium-driver"
            + " fonts-noto-cjk";
  }
}
