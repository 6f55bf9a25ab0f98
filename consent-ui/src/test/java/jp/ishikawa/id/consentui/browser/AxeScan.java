package jp.ishikawa.id.consentui.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Deque's axe-core, the script bundled in {@code com.deque.html.axe-core:selenium} (so nothing is
 * downloaded), run on the page as it is now. It runs {@code axe.run} directly and brings back only
 * the violations: the library's own {@code AxeBuilder} opens a second window and transfers every
 * passing check for each scan, which made a scan take seconds.
 */
final class AxeScan {

  /**
   * JIS X 8341-3:2016 level AA adopts WCAG 2.0 AA; 2.1 and 2.2 add what matters on phones
   * (orientation, reflow, target size).
   */
  static final List<String> WCAG_A_AA =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

  private static final String AXE = bundledScript();

  private static final String RUN =
      """
      var done = arguments[arguments.length - 1];
      axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
        .then(function (results) {
          done(results.violations.map(function (rule) {
            return {
              rule: rule.id + ' (' + rule.impact + ', ' + rule.help + ')',
              nodes: rule.nodes.map(function (node) {
                return JSON.stringify(node.target) + ' ' + node.html + ' — ' + node.failureSummary;
              })
            };
          }));
        })
        .catch(function (error) { done('axe failed: ' + error); });
      """;

  private AxeScan() {}

  /** One line per rule and element that fails {@code tags}; empty when the page passes. */
  static List<String> violations(ChromeDriver driver, List<String> tags) {
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.executeScript(AXE);
    Object answer = driver.executeAsyncScript(RUN, tags);
    List<String> lines = new ArrayList<>();
    if (!(answer instanceof List<?> rules)) {
      lines.add(String.valueOf(answer));
      return lines;
    }
    for (Object rule : rules) {
      Map<?, ?> fields = (Map<?, ?>) rule;
      for (Object node : (List<?>) fields.get("nodes")) {
        lines.add(fields.get("rule") + " at " + node);
      }
    }
    return lines;
  }

  private static String bundledScript() {
    try (InputStream in =
        Objects.requireNonNull(
            AxeScan.class.getResourceAsStream("/axe.min.js"),
            "axe.min.js from com.deque.html.axe-core:selenium is not on the test class path")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
