package jp.ishikawa.id.idp.settings;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's "APPLICATION FAILED TO START" box for {@link InvalidSettingsException}: one line
 * per missing or invalid setting under Description, and what to do for each under Action.
 * Registered in {@code META-INF/spring.factories}.
 */
public class InvalidSettingsFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidSettingsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingsException cause) {
    int count = cause.problems().size();
    String description =
        "Ishikawa ID is not configured to start ("
            + count
            + (count == 1 ? " setting" : " settings")
            + "):\n"
            + cause.problems().stream()
                .map(p -> "  - " + p.key() + ": " + p.problem())
                .collect(Collectors.joining("\n"));
    String action =
        cause.problems().stream()
                .map(p -> "  - " + p.key() + ": " + p.action())
                .collect(Collectors.joining("\n"))
            + "\n\nTo try Ishikawa ID without any of this, run it in demo mode:"
            + " --ishikawa-id.demo=true";
    return new FailureAnalysis(description, action, cause);
  }
}
