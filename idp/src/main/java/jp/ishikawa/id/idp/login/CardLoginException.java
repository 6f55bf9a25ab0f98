package jp.ishikawa.id.idp.login;

import java.io.Serial;
import jp.ishikawa.id.idp.jpki.JpkiError;
import org.springframework.security.core.AuthenticationException;

/**
 * A card login refused, with the card protocol's error code the login page explains to the resident
 * ({@code consumed}, {@code not_found}, {@code expired}, {@code account_deactivated}, …).
 */
public final class CardLoginException extends AuthenticationException {

  @Serial private static final long serialVersionUID = 1L;

  private final JpkiError error;

  public CardLoginException(JpkiError error, String description) {
    super(description);
    this.error = error;
  }

  public JpkiError error() {
    return error;
  }
}
