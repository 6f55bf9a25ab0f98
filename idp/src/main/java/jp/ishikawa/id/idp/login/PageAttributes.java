package jp.ishikawa.id.idp.login;

import java.util.Arrays;
import java.util.List;
import jp.ishikawa.id.idp.jpki.JpkiError;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page template can rely on: the DEMO banner flag and the error codes. */
@ControllerAdvice
public class PageAttributes {

  private final boolean demo;

  public PageAttributes(IshikawaIdProperties properties) {
    this.demo = properties.isDemo();
  }

  @ModelAttribute("demo")
  public boolean demo() {
    return demo;
  }

  /**
   * The same page in the other language: the current path and query with {@code lang} replaced (the
   * consent page's parameters, a login error, must survive the switch).
   */
  @ModelAttribute("languageSwitchUrl")
  public String languageSwitchUrl(
      java.util.Locale locale, jakarta.servlet.http.HttpServletRequest request) {
    String other = "en".equals(locale.getLanguage()) ? "ja" : "en";
    return org.springframework.web.util.UriComponentsBuilder.fromPath(request.getRequestURI())
        .query(request.getQueryString())
        .replaceQueryParam("lang", other)
        .build()
        .toUriString();
  }

  /** Every card protocol error code, so the login page can explain each one. */
  @ModelAttribute("jpkiErrorCodes")
  public List<String> jpkiErrorCodes() {
    return Arrays.stream(JpkiError.values()).map(JpkiError::code).toList();
  }
}
