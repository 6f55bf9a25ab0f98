package jp.ishikawa.id.idp.jpki;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Requests to the card protocol that no endpoint accepts (a POST without {@code Content-Type:
 * application/json}, a wrong method) fail before a controller is chosen; this gives them the
 * protocol's {@code {error, error_description}} too. Other paths keep Spring's default handling.
 */
@RestControllerAdvice
public class JpkiProtocolErrorAdvice {

  @ExceptionHandler({
    HttpMediaTypeNotSupportedException.class,
    HttpRequestMethodNotSupportedException.class
  })
  public ResponseEntity<Map<String, String>> unsupported(
      HttpServletRequest request, ServletException e) throws ServletException {
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/jpki/")) {
      // Not ours: rethrowing hands the exception to the next resolver, unchanged.
      throw e;
    }
    String description =
        e instanceof HttpMediaTypeNotSupportedException
            ? "send the request body as Content-Type: application/json"
            : "this method is not supported here";
    return JpkiTransactionController.error(JpkiError.INVALID_REQUEST, description);
  }
}
