package jp.ishikawa.id.verifier.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options and operands of one command, parsed against what that command accepts. Options are
 * {@code --name value} or {@code --name=value}; flags take no value; {@code --} ends the options.
 * Anything the command does not know, a missing value, a value given to a flag, or a single-valued
 * option given twice is a {@link CommandException}, never silently ignored.
 */
final class CommandLine {

  private final String command;
  private final Map<String, List<String>> values;
  private final Set<String> flags;
  private final List<String> operands;

  private CommandLine(
      String command, Map<String, List<String>> values, Set<String> flags, List<String> operands) {
    this.command = command;
    this.values = values;
    this.flags = flags;
    this.operands = operands;
  }

  /**
   * Parses {@code arguments} (without the command name).
   *
   * @param single options that take one value and may appear once
   * @param repeatable options that take a value and may appear any number of times
   * @param knownFlags options without a value
   */
  static CommandLine parse(
      String command,
      List<String> arguments,
      Set<String> single,
      Set<String> repeatable,
      Set<String> knownFlags)
      throws CommandException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Set<String> flags = new LinkedHashSet<>();
    List<String> operands = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (optionsEnded || !argument.startsWith("--") || argument.equals("-")) {
        operands.add(argument);
        continue;
      }
      if (argument.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int equals = argument.indexOf('=');
      String name = equals < 0 ? argument.substring(2) : argument.substring(2, equals);
      String inline = equals < 0 ? null : argument.substring(equals + 1);
      if (knownFlags.contains(name)) {
        if (inline != null) {
          throw new CommandException(command + ": --" + name + " takes no value");
        }
        flags.add(name);
        continue;
      }
      if (!single.contains(name) && !repeatable.contains(name)) {
        throw new CommandException(command + ": unknown option --" + name);
      }
      String value;
      if (inline != null) {
        value = inline;
      } else if (i + 1 < arguments.size()) {
        value = arguments.get(++i);
      } else {
        throw new CommandException(command + ": --" + name + " needs a value");
      }
      if (value.isEmpty()) {
        throw new CommandException(command + ": --" + name + " needs a non-empty value");
      }
      List<String> list = values.computeIfAbsent(name, key -> new ArrayList<>());
      if (single.contains(name) && !list.isEmpty()) {
        throw new CommandException(command + ": --" + name + " may be given only once");
      }
      list.add(value);
    }
    return new CommandLine(command, values, flags, List.copyOf(operands));
  }

  String command() {
    return command;
  }

  Optional<String> value(String name) {
    List<String> list = values.get(name);
    return list == null ? Optional.empty() : Optional.of(list.getFirst());
  }

  String required(String name) throws CommandException {
    return value(name)
        .orElseThrow(() -> new CommandException(command + ": --" + name + " is required"));
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The single operand the command takes, e.g. the file of {@code inspect}. */
  String onlyOperand(String what) throws CommandException {
    if (operands.size() != 1) {
      throw new CommandException(
          command
              + ": expected exactly one "
              + what
              + (operands.isEmpty() ? "" : ", got " + operands.size() + ": " + operands));
    }
    return operands.getFirst();
  }

  void requireNoOperands() throws CommandException {
    if (!operands.isEmpty()) {
      throw new CommandException(command + ": unexpected argument " + operands.getFirst());
    }
  }
}
