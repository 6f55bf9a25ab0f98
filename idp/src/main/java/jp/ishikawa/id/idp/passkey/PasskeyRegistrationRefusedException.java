package jp.ishikawa.id.idp.passkey;

/** A refused passkey registration, with its {@link PasskeyError} code. */
public final class PasskeyRegistrationRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient PasskeyError error;

  public PasskeyRegistrationRefusedException(PasskeyError error, String message) {
    super(message);
    this.error = error;
  }

  public PasskeyError error() {
    return error;
  }
}
