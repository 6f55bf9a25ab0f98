package jp.ishikawa.id.idp.login;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jp.ishikawa.id.idp.jpki.JpkiError;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.web.ResidentLanguage;
import jp.ishikawa.id.idp.web.WebConfiguration;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every page template can rely on: the DEMO banner flag, the links to the other languages, the
 * help desk, and the card protocol's error codes.
 */
@ControllerAdvice
public class PageAttributes {

  /** Shown in demo mode when no help desk is configured: clearly not a number to call. */
  static final HelpDesk DEMO_HELP_DESK = new HelpDesk("0120-000-000（DEMO）", "9:00–17:00");

  /**
   * A link to this page in another language, labelled in that language.
   *
   * @param code the {@code ?lang=} value
   * @param label the language's own name for itself
   * @param htmlLang the link's {@code lang} attribute, so a screen reader reads the label right
   * @param url this page with {@code lang} replaced
   */
  public record LanguageLink(String code, String label, String htmlLang, String url) {}

  /**
   * Where a resident calls; {@code phone} null when none is configured (the pages then name the
   * city or town office).
   */
  public record HelpDesk(String phone, String weekdayHours) {}

  private final IshikawaIdProperties properties;

  public PageAttributes(IshikawaIdProperties properties) {
    this.properties = properties;
  }

  @ModelAttribute("demo")
  public boolean demo() {
    return properties.isDemo();
  }

  /**
   * The same page in each other language: the current path and query with {@code lang} replaced
   * (the consent page's parameters, a login error, must survive the switch).
   */
  @ModelAttribute("languageLinks")
  public List<LanguageLink> languageLinks(Locale locale, HttpServletRequest request) {
    ResidentLanguage current = ResidentLanguage.of(locale);
    // On an error page, the page the resident asked for, not /error.
    String path =
        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
            ? original
            : request.getRequestURI();
    return Arrays.stream(ResidentLanguage.values())
        .filter(language -> language != current)
        .map(
            language ->
                new LanguageLink(
                    language.code(),
                    switch (language) {
                      case JAPANESE -> "日本語";
                      case EASY_JAPANESE -> "やさしい にほんご";
                      case ENGLISH -> "English";
                    },
                    language.htmlLang(),
                    UriComponentsBuilder.fromPath(path)
                        .query(request.getQueryString())
                        .replaceQueryParam(WebConfiguration.LANGUAGE_PARAMETER, language.code())
                        .build()
                        .toUriString()))
        .toList();
  }

  @ModelAttribute("helpDesk")
  public HelpDesk helpDesk() {
    IshikawaIdProperties.HelpDesk configured = properties.getHelpDesk();
    if (configured.getPhone() == null || configured.getPhone().isBlank()) {
      return properties.isDemo() ? DEMO_HELP_DESK : new HelpDesk(null, null);
    }
    return new HelpDesk(configured.getPhone().strip(), configured.getWeekdayHours());
  }

  /** Every card protocol error code, so the login page can explain each one. */
  @ModelAttribute("jpkiErrorCodes")
  public List<String> jpkiErrorCodes() {
    return Arrays.stream(JpkiError.values()).map(JpkiError::code).toList();
  }
}
