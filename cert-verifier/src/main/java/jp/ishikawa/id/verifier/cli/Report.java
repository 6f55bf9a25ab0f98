package jp.ishikawa.id.verifier.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command prints: an ordered set of fields whose values are text, numbers, booleans, null,
 * lists or nested reports, written either as JSON (for scripts and audit tickets) or as aligned
 * {@code label: value} text (for people). Keys keep the order they were put in, so the output is
 * stable from run to run and release to release.
 *
 * <p>The JSON writer is deliberately small instead of a library: the CLI has no dependency beyond
 * the verifier's own. It escapes quotes, backslashes, every control character, U+2028/U+2029 and
 * unpaired surrogates, so the output is always valid JSON in valid UTF-8.
 */
final class Report {

  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** Sets {@code key}; a value of an unsupported type is a programming error. */
  Report put(String key, Object value) {
    if (!(value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Report
        || value instanceof List<?>)) {
      throw new IllegalArgumentException("a report cannot hold a " + value.getClass().getName());
    }
    fields.put(key, value);
    return this;
  }

  Object get(String key) {
    return fields.get(key);
  }

  /** Pretty-printed JSON with two-space indentation and a final newline. */
  String toJson() {
    StringBuilder out = new StringBuilder();
    writeJson(out, this, 0);
    return out.append('\n').toString();
  }

  /**
   * Aligned text: one {@code label: value} line per field, labels with spaces for underscores,
   * nested reports indented below their label, null shown as {@code -}.
   */
  String toText() {
    StringBuilder out = new StringBuilder();
    writeText(out, 0);
    return out.toString();
  }

  private void writeText(StringBuilder out, int indent) {
    int width = 0;
    for (String key : fields.keySet()) {
      width = Math.max(width, key.length());
    }
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      String label = field.getKey().replace('_', ' ');
      Object value = field.getValue();
      out.append(" ".repeat(indent)).append(label).append(':');
      if (value instanceof Report nested) {
        out.append('\n');
        nested.writeText(out, indent + 2);
      } else if (value instanceof List<?> list && !list.isEmpty()) {
        out.append('\n');
        for (Object item : list) {
          if (item instanceof Report nested) {
            out.append(" ".repeat(indent + 2)).append("-\n");
            nested.writeText(out, indent + 4);
          } else {
            out.append(" ".repeat(indent + 2)).append("- ").append(text(item)).append('\n');
          }
        }
      } else {
        out.append(" ".repeat(width - field.getKey().length() + 1))
            .append(text(value))
            .append('\n');
      }
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof List<?> list && list.isEmpty()) {
      return "(none)";
    }
    return String.valueOf(value);
  }

  private static void writeJson(StringBuilder out, Object value, int indent) {
    switch (value) {
      case null -> out.append("null");
      case String text -> writeString(out, text);
      case Boolean bool -> out.append(bool);
      case Number number -> out.append(number);
      case Report report -> {
        if (report.fields.isEmpty()) {
          out.append("{}");
          return;
        }
        out.append("{\n");
        List<Map.Entry<String, Object>> entries = new ArrayList<>(report.fields.entrySet());
        for (int i = 0; i < entries.size(); i++) {
          out.append(" ".repeat(indent + 2));
          writeString(out, entries.get(i).getKey());
          out.append(": ");
          writeJson(out, entries.get(i).getValue(), indent + 2);
          out.append(i + 1 < entries.size() ? ",\n" : "\n");
        }
        out.append(" ".repeat(indent)).append('}');
      }
      case List<?> list -> {
        if (list.isEmpty()) {
          out.append("[]");
          return;
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
          out.append(" ".repeat(indent + 2));
          writeJson(out, list.get(i), indent + 2);
          out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        out.append(" ".repeat(indent)).append(']');
      }
      default ->
          throw new IllegalArgumentException(
              "a report cannot hold a " + value.getClass().getName());
    }
  }

  /** RFC 8259 §7 string escaping. */
  static void writeString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == 0x7f) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            // An unpaired surrogate cannot be encoded as UTF-8: keep it visible as an escape.
            unicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append(String.format("\\u%04x", (int) c));
  }
}
