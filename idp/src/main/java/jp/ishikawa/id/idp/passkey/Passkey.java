package jp.ishikawa.id.idp.passkey;

import java.time.Instant;

/**
 * A resident's passkey as the account page shows it.
 *
 * @param id the credential id, base64url
 * @param label the name the resident gave it
 * @param createdAt when it was registered
 * @param lastUsedAt when it last logged in, or null
 * @param synced whether the key may be synced to the resident's other devices (backup-eligible)
 */
public record Passkey(
    String id, String label, Instant createdAt, Instant lastUsedAt, boolean synced) {

  /** The longest name a resident may give a passkey. */
  public static final int MAX_LABEL_LENGTH = 64;

  /**
   * The trimmed name, when it is 1 to {@value #MAX_LABEL_LENGTH} characters without control
   * characters.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String validLabel(String label) {
    String trimmed = label == null ? "" : label.strip();
    if (trimmed.isEmpty()
        || trimmed.codePointCount(0, trimmed.length()) > MAX_LABEL_LENGTH
        || trimmed.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "a passkey name is 1 to " + MAX_LABEL_LENGTH + " characters");
    }
    return trimmed;
  }
}
