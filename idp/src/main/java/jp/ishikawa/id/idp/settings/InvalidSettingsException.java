package jp.ishikawa.id.idp.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Start-up refused: every missing or invalid setting at once ({@code config/SettingsCheck}), so an
 * operator fixes them in one go; {@link InvalidSettingsFailureAnalyzer} prints them in Spring
 * Boot's failure box instead of a stack trace.
 */
public class InvalidSettingsException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient List<SettingProblem> problems;

  public InvalidSettingsException(List<SettingProblem> problems) {
    super(
        "Ishikawa ID cannot start: "
            + problems.size()
            + (problems.size() == 1 ? " setting needs" : " settings need")
            + " attention: "
            + problems.stream()
                .map(p -> p.key() + ": " + p.problem())
                .collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<SettingProblem> problems() {
    return problems;
  }
}
