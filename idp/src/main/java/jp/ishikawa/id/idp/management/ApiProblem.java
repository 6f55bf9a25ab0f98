package jp.ishikawa.id.idp.management;

import org.springframework.http.HttpStatus;

/**
 * A refusal of the management API, answered as {@code application/problem+json} (RFC 9457) with a
 * stable {@code code}: {@code invalid_request}, {@code not_found}, {@code not_current}.
 */
public final class ApiProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;

  private ApiProblem(HttpStatus status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** Any other refusal: {@code code} is the stable problem code the OpenAPI file lists. */
  public static ApiProblem of(HttpStatus status, String code, String message) {
    return new ApiProblem(status, code, message);
  }

  public static ApiProblem invalidRequest(String message) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_request", message);
  }

  public static ApiProblem notFound(String message) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "not_found", message);
  }

  public static ApiProblem notCurrent(String message) {
    return new ApiProblem(HttpStatus.CONFLICT, "not_current", message);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }
}
