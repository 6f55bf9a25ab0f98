package jp.ishikawa.id.consentui.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jp.ishikawa.id.consentui.config.ConsentUiProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every page template (residents' and staff's) can rely on: {@code demo} (the DEMO marker),
 * {@code languageLinks} (this page in the other languages), {@code helpDesk} and {@code htmlLang}.
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

  /** Where a resident calls; {@code phone} null when none is configured (their town office). */
  public record HelpDesk(String phone, String weekdayHours) {}

  private final ConsentUiProperties properties;

  public PageAttributes(ConsentUiProperties properties) {
    this.properties = properties;
  }

  @ModelAttribute("demo")
  public boolean demo() {
    return properties.isDemo();
  }

  @ModelAttribute("htmlLang")
  public String htmlLang(Locale locale) {
    return ResidentLanguage.of(locale).htmlLang();
  }

  /**
   * The same page in each other language: the current path and query with {@code lang} replaced.
   */
  @ModelAttribute("languageLinks")
  public List<LanguageLink> languageLinks(Locale locale, HttpServletRequest request) {
    return links(locale, request);
  }

  /** Also used by the error pages, which no controller advice reaches. */
  public static List<LanguageLink> links(Locale locale, HttpServletRequest request) {
    ResidentLanguage current = ResidentLanguage.of(locale);
    String path =
        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
            ? original
            : request.getRequestURI();
    // The query of a page reached by POST (a form) is not repeated: the link opens the page.
    String query = "GET".equals(request.getMethod()) ? request.getQueryString() : null;
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
                        .query(query)
                        .replaceQueryParam(WebConfiguration.LANGUAGE_PARAMETER, language.code())
                        .build()
                        .toUriString()))
        .toList();
  }

  @ModelAttribute("helpDesk")
  public HelpDesk helpDesk() {
    return helpDesk(properties);
  }

  public static HelpDesk helpDesk(ConsentUiProperties properties) {
    ConsentUiProperties.HelpDesk configured = properties.getHelpDesk();
    if (configured.getPhone() == null || configured.getPhone().isBlank()) {
      return properties.isDemo() ? DEMO_HELP_DESK : new HelpDesk(null, null);
    }
    return new HelpDesk(configured.getPhone().strip(), configured.getWeekdayHours());
  }
}
