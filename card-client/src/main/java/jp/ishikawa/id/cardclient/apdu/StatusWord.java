package jp.ishikawa.id.cardclient.apdu;

import java.util.HexFormat;

/**
 * The status words a JPKI card answers with (JPKI.md §1, ISO/IEC 7816-4 §5.6). The card's meaning
 * of each is what {@code JpkiCard} turns into a resident's sentence.
 */
public final class StatusWord {

  private StatusWord() {}

  /** {@code 90 00}: done. */
  public static final int SUCCESS = 0x9000;

  /** {@code 62 82}: the end of the file came before {@code Ne} bytes were read. */
  public static final int END_OF_FILE = 0x6282;

  /** {@code 63 Cx}: wrong PIN, x tries left (also the answer to VERIFY without data). */
  public static final int TRIES_LEFT_BASE = 0x63c0;

  /** {@code 67 00}: wrong length (Lc or Le). */
  public static final int WRONG_LENGTH = 0x6700;

  /** {@code 69 81}: command incompatible with the file (reading a key, verifying a certificate). */
  public static final int INCOMPATIBLE_FILE = 0x6981;

  /** {@code 69 82}: security status not satisfied (sign or read before VERIFY). */
  public static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;

  /** {@code 69 83}: authentication method blocked: the PIN is locked. */
  public static final int AUTHENTICATION_BLOCKED = 0x6983;

  /** {@code 69 84}: reference data not usable: the PIN is locked. */
  public static final int REFERENCE_DATA_NOT_USABLE = 0x6984;

  /** {@code 69 86}: command not allowed (no current file). */
  public static final int NO_CURRENT_FILE = 0x6986;

  /** {@code 6A 82}: file or application not found. */
  public static final int FILE_NOT_FOUND = 0x6a82;

  /** {@code 6A 86}: wrong P1 P2. */
  public static final int WRONG_P1_P2 = 0x6a86;

  /** {@code 6B 00}: offset outside the file. */
  public static final int WRONG_OFFSET = 0x6b00;

  /** {@code 6D 00}: instruction not supported. */
  public static final int INS_NOT_SUPPORTED = 0x6d00;

  /** {@code 6E 00}: class not supported. */
  public static final int CLA_NOT_SUPPORTED = 0x6e00;

  /** {@code 63 Cx} for {@code x} tries left. */
  public static int triesLeft(int tries) {
    if (tries < 0 || tries > 15) {
      throw new IllegalArgumentException("tries left fit in one nibble");
    }
    return TRIES_LEFT_BASE | tries;
  }

  /** Whether {@code sw} is {@code 63 Cx}. */
  public static boolean isTriesLeft(int sw) {
    return (sw & 0xfff0) == TRIES_LEFT_BASE;
  }

  /** Whether {@code sw} says the PIN is locked ({@code 69 83} or {@code 69 84}). */
  public static boolean isBlocked(int sw) {
    return sw == AUTHENTICATION_BLOCKED || sw == REFERENCE_DATA_NOT_USABLE;
  }

  /** {@code "6A82"}-style upper-case hex. */
  public static String hex(int sw) {
    return HexFormat.of().withUpperCase().toHexDigits((short) sw);
  }
}
