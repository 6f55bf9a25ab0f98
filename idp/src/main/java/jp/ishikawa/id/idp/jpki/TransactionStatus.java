package jp.ishikawa.id.idp.jpki;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the browser is told about its transaction: {@code pending}, {@code completed} or {@code
 * failed} with the reason code (ARCHITECTURE.md). {@code processing} shows as pending: the browser
 * only cares whether it can move on.
 *
 * @param status pending, completed or failed
 * @param reason the error code when failed, else null
 */
public record TransactionStatus(String status, String reason) {

  public static TransactionStatus of(JpkiTransaction transaction, Instant now) {
    return switch (transaction.state()) {
      case PENDING ->
          transaction.expiredAt(now)
              ? new TransactionStatus("failed", JpkiError.EXPIRED.code())
              : new TransactionStatus("pending", null);
      case PROCESSING -> new TransactionStatus("pending", null);
      case COMPLETED, USED -> new TransactionStatus("completed", null);
      case FAILED -> new TransactionStatus("failed", transaction.result().failure());
    };
  }

  public boolean terminal() {
    return !"pending".equals(status);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", status);
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }
}
