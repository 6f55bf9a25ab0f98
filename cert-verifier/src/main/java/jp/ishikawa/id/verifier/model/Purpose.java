package jp.ishikawa.id.verifier.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a card signature is meant to prove. Each purpose has its own key on the card and its own
 * certification authority, and the two are never interchangeable.
 */
public enum Purpose {

  /** Log in: the authentication key (4-digit PIN), certified by the JPKI authentication CA. */
  LOGIN("login"),

  /**
   * Prove the four basic facts: the signature key (6–16 character password), certified by the JPKI
   * signature CA.
   */
  IDENTITY("identity");

  private final String code;

  Purpose(String code) {
    this.code = code;
  }

  /** The wire and configuration name: {@code login} or {@code identity}. */
  public String code() {
    return code;
  }

  public static Optional<Purpose> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String normalised = code.trim().toLowerCase(Locale.ROOT);
    for (Purpose purpose : values()) {
      if (purpose.code.equals(normalised)) {
        return Optional.of(purpose);
      }
    }
    return Optional.empty();
  }
}
