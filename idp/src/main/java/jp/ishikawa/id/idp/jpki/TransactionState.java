package jp.ishikawa.id.idp.jpki;

/**
 * Where a login transaction is. The only transitions are pending → processing (the first card
 * response claims it, atomically), processing → completed | failed, and completed → used (the
 * browser that created it picks up the result, once).
 */
public enum TransactionState {
  PENDING("pending"),
  PROCESSING("processing"),
  COMPLETED("completed"),
  FAILED("failed"),
  USED("used");

  private final String code;

  TransactionState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static TransactionState fromCode(String code) {
    for (TransactionState state : values()) {
      if (state.code.equals(code)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown transaction state " + code);
  }
}
