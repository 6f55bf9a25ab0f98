package jp.ishikawa.id.cardclient.cli;

import java.io.Console;

/** Asks the resident at the terminal; the PIN is read without echo. */
interface Prompter {

  /** A line, or null at end of input. */
  String readLine(String prompt);

  /** A secret, not echoed, or null at end of input. */
  char[] readSecret(String prompt);

  static Prompter of(Console console) {
    return new Prompter() {
      @Override
      public String readLine(String prompt) {
        return console.readLine("%s", prompt);
      }

      @Override
      public char[] readSecret(String prompt) {
        return console.readPassword("%s", prompt);
      }
    };
  }
}
