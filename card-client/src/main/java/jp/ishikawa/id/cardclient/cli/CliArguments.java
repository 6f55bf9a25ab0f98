package jp.ishikawa.id.cardclient.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional arguments, options with a value ({@code --reader NAME} or
 * {@code --reader=NAME}) and flags ({@code --json}). Unknown or repeated options are usage errors.
 */
final class CliArguments {

  private final List<String> positional;
  private final Map<String, String> values;
  private final Set<String> flags;

  private CliArguments(List<String> positional, Map<String, String> values, Set<String> flags) {
    this.positional = positional;
    this.values = values;
    this.flags = flags;
  }

  static CliArguments parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions)
      throws UsageException {
    List<String> positional = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (valueOptions.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
          }
          value = args.get(++i);
        }
        if (values.put(name, value) != null) {
          throw new UsageException(name + " is given twice");
        }
      } else if (flagOptions.contains(name) && value == null) {
        flags.add(name);
      } else {
        throw new UsageException("unknown option " + arg);
      }
    }
    return new CliArguments(List.copyOf(positional), values, flags);
  }

  List<String> positional() {
    return positional;
  }

  /** The value of {@code name}, or null. */
  String value(String name) {
    return values.get(name);
  }

  boolean flag(String name) {
    return flags.contains(name);
  }
}
