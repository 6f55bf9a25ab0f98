package jp.ishikawa.id.cardclient.cli;

/** The command line is wrong: exit code 2 with this message and the usage text. */
final class UsageException extends Exception {

  UsageException(String message) {
    super(message);
  }
}
