package jp.ishikawa.id.idp.settings;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A second Ishikawa ID started on the same embedded (H2) database file: H2 refuses to open a file
 * another process holds (error 90020, "Database may be already in use"), deep inside a Flyway stack
 * trace. Says it in one sentence instead.
 */
public class DatabaseInUseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

  /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}. */
  static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        return new FailureAnalysis(
            "Another Ishikawa ID is already using "
                + folder(sql.getMessage())
                + " (its embedded database file is locked by another running process).",
            "Stop the other Ishikawa ID first, or give this one its own database and port, e.g."
                + " --spring.datasource.url=jdbc:h2:file:./data2/idp/ishikawa-id;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH --server.port=9001",
            cause);
      }
    }
    return null;
  }

  /** The database's folder from H2's message ({@code ... in use: "/x/data/idp/ishikawa-id"}). */
  static String folder(String message) {
    Matcher quoted = QUOTED.matcher(message == null ? "" : message);
    if (!quoted.find()) {
      return "./data";
    }
    Path file = Path.of(quoted.group(1)).toAbsolutePath().normalize();
    Path data = file.getParent() != null ? file.getParent().getParent() : null;
    Path cwd = Path.of("").toAbsolutePath();
    if (data != null && data.startsWith(cwd)) {
      return "./" + cwd.relativize(data);
    }
    return data != null ? data.toString() : file.toString();
  }
}
