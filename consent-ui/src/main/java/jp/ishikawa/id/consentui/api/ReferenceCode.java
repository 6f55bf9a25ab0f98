package jp.ishikawa.id.consentui.api;

import java.security.SecureRandom;

/**
 * A reference code for a failure: shown on the page and written to the log line, so the help desk
 * finds the one from the phone call. {@code CU-} and 8 characters that cannot be misread (Crockford
 * base32: no I, L, O, U).
 */
public final class ReferenceCode {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReferenceCode() {}

  public static String next() {
    char[] code = new char[8];
    for (int i = 0; i < code.length; i++) {
      code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return "CU-" + new String(code);
  }
}
