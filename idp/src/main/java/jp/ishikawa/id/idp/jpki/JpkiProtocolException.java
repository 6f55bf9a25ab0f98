package jp.ishikawa.id.idp.jpki;

/** A card-protocol request refused with a stable error code. */
public final class JpkiProtocolException extends RuntimeException {

  private final JpkiError error;

  public JpkiProtocolException(JpkiError error, String description) {
    super(description);
    this.error = error;
  }

  public JpkiError error() {
    return error;
  }
}
