package jp.ishikawa.id.cardclient.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.card.PinStatus;
import jp.ishikawa.id.cardclient.protocol.ResidentDialogue;
import jp.ishikawa.id.cardclient.protocol.Transaction;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * The transaction dialogue on the terminal: the service and origin and the tries left are shown,
 * the code comes from {@code --code} or a prompt, the PIN from one line of standard input ({@code
 * --pin-stdin}) or a prompt without echo. The PIN is never printed.
 */
final class TerminalDialogue implements ResidentDialogue {

  /** Longer than any PIN or password: the rest of the line is read and dropped. */
  private static final int MAX_SECRET_LINE = 64;

  private final Terminal terminal;
  private final PrintStream info;
  private final String code;
  private final boolean pinFromStdin;
  private final boolean lastTryConfirmed;

  /**
   * @param info where progress goes: standard output, or standard error under {@code --json}
   * @param code the {@code --code} value, or null to prompt
   */
  TerminalDialogue(
      Terminal terminal,
      PrintStream info,
      String code,
      boolean pinFromStdin,
      boolean lastTryConfirmed) {
    this.terminal = terminal;
    this.info = info;
    this.code = code;
    this.pinFromStdin = pinFromStdin;
    this.lastTryConfirmed = lastTryConfirmed;
  }

  @Override
  public void showTransaction(Transaction transaction, String origin) {
    info.println("サービス / Service: " + transaction.serviceName());
    info.println("接続先 / IdP: " + origin);
    info.println(
        "手続き / Purpose: "
            + (transaction.purpose() == Purpose.LOGIN
                ? "ログイン / login"
                : "本人確認（基本4情報） / identity (basic facts)"));
  }

  @Override
  public String confirmationCode() {
    if (code != null) {
      return code;
    }
    if (terminal.prompter() == null) {
      return null;
    }
    return terminal
        .prompter()
        .readLine("パソコンの画面に表示された確認番号（数字2桁） / Confirmation code shown on the screen (2 digits): ");
  }

  @Override
  public void showPinStatus(PinStatus status) {
    String name =
        status.role() == KeyRole.AUTHENTICATION
            ? "暗証番号の残り回数 / PIN tries left: "
            : "署名用パスワードの残り回数 / Signature password tries left: ";
    info.println(name + status.triesLeft());
  }

  @Override
  public boolean confirmLastTry(KeyRole role) {
    if (lastTryConfirmed) {
      return true;
    }
    if (terminal.prompter() == null) {
      return false;
    }
    String answer =
        terminal
            .prompter()
            .readLine(
                "残りは1回です。間違えるとロックされ、市区町村の窓口での手続きが必要になります。続けますか？ (yes/no)"
                    + " / Only one try is left; a wrong entry locks the card until the municipal"
                    + " office resets it. Continue? (yes/no): ");
    if (answer == null) {
      return false;
    }
    String normalised = answer.strip().toLowerCase(Locale.ROOT);
    return normalised.equals("yes") || normalised.equals("y") || normalised.equals("はい");
  }

  @Override
  public char[] pinOrPassword(KeyRole role) {
    if (pinFromStdin) {
      try {
        return readSecretLine(terminal.in());
      } catch (IOException e) {
        return null;
      }
    }
    if (terminal.prompter() == null) {
      return null;
    }
    return terminal.prompter().readSecret(role.secretNameJa() + " / " + role.secretNameEn() + ": ");
  }

  /**
   * One line of {@code in} as characters, without making a String of it (a String cannot be wiped).
   * Only the first {@value #MAX_SECRET_LINE} bytes are kept, which is already too long to pass the
   * form check. Null at end of input.
   */
  static char[] readSecretLine(InputStream in) throws IOException {
    byte[] buffer = new byte[MAX_SECRET_LINE];
    int length = 0;
    int read;
    boolean any = false;
    try {
      while ((read = in.read()) != -1) {
        any = true;
        if (read == '\n') {
          break;
        }
        if (length < buffer.length) {
          buffer[length++] = (byte) read;
        }
      }
      if (!any) {
        return null;
      }
      if (length > 0 && buffer[length - 1] == '\r') {
        length--;
      }
      char[] secret = new char[length];
      for (int i = 0; i < length; i++) {
        secret[i] = (char) (buffer[i] & 0xff);
      }
      return secret;
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }
}
