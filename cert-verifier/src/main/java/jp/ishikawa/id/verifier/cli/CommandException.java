package jp.ishikawa.id.verifier.cli;

/**
 * The command cannot run: a usage mistake (unknown option, missing value) or an input it cannot use
 * (missing file, unreadable trust root). The CLI prints the message on stderr and exits with 2, so
 * a script never mistakes it for a verification result (0 verified, 1 rejected).
 */
final class CommandException extends Exception {

  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
