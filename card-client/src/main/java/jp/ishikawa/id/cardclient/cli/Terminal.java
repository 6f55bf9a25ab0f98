package jp.ishikawa.id.cardclient.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI reads and writes: standard streams, and the interactive terminal when there is one
 * (null {@code prompter} otherwise, e.g. under automation).
 */
record Terminal(InputStream in, PrintStream out, PrintStream err, Prompter prompter) {

  /** The process's streams, UTF-8, and its console if any. */
  static Terminal system() {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    return new Terminal(
        System.in, out, err, System.console() != null ? Prompter.of(System.console()) : null);
  }
}
