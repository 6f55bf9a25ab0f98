package jp.ishikawa.id.cardclient.protocol;

/**
 * A transaction step failed: a stable code (the client's own or the server's), the resident's
 * sentence, and a technical detail for {@code --json} and operators (never a PIN).
 */
public final class TransactionException extends Exception {

  private final String code;
  private final String residentMessage;
  private final String detail;

  public TransactionException(String code, String residentMessage, String detail) {
    super(code + (detail != null ? ": " + detail : ""));
    this.code = code;
    this.residentMessage = residentMessage;
    this.detail = detail;
  }

  public TransactionException(ProtocolError error, String detail) {
    this(error.code(), error.residentMessage(), detail);
  }

  public String code() {
    return code;
  }

  public String residentMessage() {
    return residentMessage;
  }

  /** The technical detail, or null. */
  public String detail() {
    return detail;
  }
}
