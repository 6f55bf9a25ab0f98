package jp.ishikawa.id.cardclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalDialogueTests {

  @Test
  void readSecretLineWhenLfThenLineWithoutIt() throws Exception {
    assertThat(read("1234\nrest")).containsExactly('1', '2', '3', '4');
  }

  @Test
  void readSecretLineWhenCrLfThenLineWithoutThem() throws Exception {
    assertThat(read("ABCDEF\r\n")).containsExactly('A', 'B', 'C', 'D', 'E', 'F');
  }

  @Test
  void readSecretLineWhenNoNewlineAtEndThenTheLine() throws Exception {
    assertThat(read("1234")).containsExactly('1', '2', '3', '4');
  }

  @Test
  void readSecretLineWhenEmptyInputThenNull() throws Exception {
    assertThat(read("")).isNull();
  }

  @Test
  void readSecretLineWhenVeryLongThenTruncatedButStillTooLongForAnyPin() throws Exception {
    assertThat(read("9".repeat(10_000) + "\n")).hasSize(64);
  }

  private static char[] read(String input) throws Exception {
    return TerminalDialogue.readSecretLine(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
  }
}
