package jp.ishikawa.id.idp.passkey;

import org.springframework.security.core.AuthenticationException;

/** A refused passkey login, with its {@link PasskeyError} code. */
public final class PasskeyLoginException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  private final PasskeyError error;

  public PasskeyLoginException(PasskeyError error, String message) {
    super(message);
    this.error = error;
  }

  public PasskeyError error() {
    return error;
  }
}
