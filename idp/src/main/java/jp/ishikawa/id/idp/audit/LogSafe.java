package jp.ishikawa.id.idp.audit;

/**
 * Makes a value safe to put in a log line or the audit trail: carriage returns and line feeds
 * become the two characters {@code \r} and {@code \n}, every other control character (and the
 * Unicode line and paragraph separators) {@code \}{@code uXXXX}, so a value from a request can
 * never end a line and forge the next one. The console log pattern ({@code application.yml}) does
 * the same for everything the frameworks log.
 */
public final class LogSafe {

  private LogSafe() {}

  public static String text(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder safe = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            default ->
                Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c)
                    : null;
          };
      if (replacement != null && safe == null) {
        safe = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      if (safe != null) {
        if (replacement != null) {
          safe.append(replacement);
        } else {
          safe.append(c);
        }
      }
    }
    return safe == null ? value : safe.toString();
  }
}
