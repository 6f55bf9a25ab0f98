package jp.ishikawa.id.consentui.api;

import org.jspecify.annotations.Nullable;

/**
 * A management API call that did not succeed: what kind of failure, the API's status and problem
 * code (when it answered), and a reference code that the page shows and the log line carries, so
 * the help desk can find it. Never a token, never the API's detail text on a page.
 */
public class ManagementApiException extends RuntimeException {

  private final ApiFailure failure;
  private final int status;
  private final @Nullable String code;
  private final String reference;

  public ManagementApiException(
      ApiFailure failure,
      int status,
      @Nullable String code,
      String reference,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.failure = failure;
    this.status = status;
    this.code = code;
    this.reference = reference;
  }

  public ApiFailure failure() {
    return failure;
  }

  /** The HTTP status the API answered, or 0 when it did not answer. */
  public int status() {
    return status;
  }

  /** The problem {@code code} of the API's answer, if any. */
  public @Nullable String code() {
    return code;
  }

  /** The reference code shown to the person and written to the log. */
  public String reference() {
    return reference;
  }
}
