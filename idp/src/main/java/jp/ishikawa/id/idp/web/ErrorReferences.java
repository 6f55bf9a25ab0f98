package jp.ishikawa.id.idp.web;

import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * Every error page carries a reference code the resident can read out to the help desk ({@code
 * reference}, e.g. {@code K7QP-3MXD}), and the same code is logged with the status and the
 * exception's class, so the help desk's call and the operator's log line meet. Nothing from the
 * request is logged here; the page never shows a stack trace.
 */
@Component
public class ErrorReferences extends DefaultErrorAttributes {

  private static final Logger log = LoggerFactory.getLogger(ErrorReferences.class);

  /** Letters and digits nobody confuses when reading them over the phone (no 0/O, 1/I/L). */
  private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

  private final SecureRandom random = new SecureRandom();

  @Override
  public Map<String, Object> getErrorAttributes(
      WebRequest webRequest, ErrorAttributeOptions options) {
    Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
    String reference = newReference();
    attributes.put("reference", reference);
    Throwable error = getError(webRequest);
    Object status = attributes.get("status");
    if (error != null) {
      log.error(
          "error page reference={} status={} exception={}",
          reference,
          status,
          error.getClass().getName(),
          error);
    } else {
      log.info("error page reference={} status={}", reference, status);
    }
    return attributes;
  }

  private String newReference() {
    StringBuilder code = new StringBuilder(9);
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        code.append('-');
      }
      code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return code.toString();
  }
}
