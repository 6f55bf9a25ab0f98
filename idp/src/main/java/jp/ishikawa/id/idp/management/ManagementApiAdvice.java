package jp.ishikawa.id.idp.management;

import java.net.URI;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The management API's errors as problem JSON (RFC 9457) with a {@code code}, never a page. */
@RestControllerAdvice(basePackageClasses = ManagementApiAdvice.class)
class ManagementApiAdvice {

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> problem(ApiProblem problem) {
    return ResponseEntity.status(problem.status())
        .body(body(problem.status().value(), problem.code(), problem.getMessage()));
  }

  @ExceptionHandler(FreshCardTap.Required.class)
  ResponseEntity<ProblemDetail> staleAuthentication(FreshCardTap.Required required) {
    return ResponseEntity.status(401)
        .header("WWW-Authenticate", required.challenge())
        .header("Cache-Control", "no-store")
        .body(body(401, FreshCardTap.CODE, required.getMessage()));
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<ProblemDetail> badParameter(Exception e) {
    return ResponseEntity.badRequest()
        .body(body(400, "invalid_request", "a parameter is missing or malformed"));
  }

  static ProblemDetail body(int status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatus(status);
    problem.setType(URI.create("urn:ishikawa-id:problem:" + code));
    problem.setTitle(code);
    problem.setDetail(detail);
    problem.setProperty("code", code);
    return problem;
  }
}
