package jp.ishikawa.id.consentui.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import jp.ishikawa.id.consentui.api.ReferenceCode;
import jp.ishikawa.id.consentui.config.ConsentUiProperties;
import jp.ishikawa.id.consentui.signin.IdpUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error that reaches the servlet container's error page: a plain sentence, a reference code
 * (also in the log line, with the status and the exception's class, never its message or a stack
 * trace on the page), and the help desk. A sign-in that could not reach the IdP says so.
 */
@Controller
public class ErrorPages implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

  private final ConsentUiProperties properties;

  public ErrorPages(ConsentUiProperties properties) {
    this.properties = properties;
  }

  @RequestMapping("/error")
  public String error(
      HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int code = status instanceof Integer value ? value : 500;
    Throwable exception =
        request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown
            ? thrown
            : null;
    boolean idpDown =
        request.getAttribute(IdpUnavailableException.ATTRIBUTE) != null
            || causedBy(exception, IdpUnavailableException.class);
    String failure;
    if (idpDown) {
      failure = "idp_unavailable";
      code = 503;
    } else if (code == 404) {
      failure = "page_not_found";
    } else if (code == 403) {
      failure = "forbidden";
    } else if (code >= 400 && code < 500) {
      failure = "invalid_request";
    } else {
      failure = "unexpected";
    }
    String reference = ReferenceCode.next();
    log.warn(
        "error page {} {} ({}), reference {}",
        code,
        failure,
        exception == null ? "-" : exception.getClass().getSimpleName(),
        reference);
    response.setStatus(code);
    model.addAttribute("failure", failure);
    model.addAttribute("reference", reference);
    model.addAttribute("demo", properties.isDemo());
    model.addAttribute("htmlLang", ResidentLanguage.of(locale).htmlLang());
    model.addAttribute("languageLinks", PageAttributes.links(locale, request));
    model.addAttribute("helpDesk", PageAttributes.helpDesk(properties));
    return "error";
  }

  private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
