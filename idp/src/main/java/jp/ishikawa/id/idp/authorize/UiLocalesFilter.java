package jp.ishikawa.id.idp.authorize;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Honours {@code ui_locales} (OIDC Core §3.1.2.1: "End-User's preferred languages and scripts for
 * the user interface ... ordered by preference"): the first of them that our pages exist in ({@link
 * #SUPPORTED}, published as {@code ui_locales_supported}) becomes the pages' language, as if the
 * resident had chosen it with the language switch. Unsupported ones are passed over, as the spec
 * asks ("an error SHOULD NOT result").
 */
public final class UiLocalesFilter extends OncePerRequestFilter {

  /** The languages of the resident pages (i18n/messages*.properties). */
  public static final List<String> SUPPORTED = List.of("ja", "en");

  private final LocaleResolver locales;

  public UiLocalesFilter(LocaleResolver locales) {
    this.locales = locales;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().equals(request.getContextPath() + "/oauth2/authorize")
        || request.getParameter("ui_locales") == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    preferred(request.getParameter("ui_locales"))
        .ifPresent(locale -> locales.setLocale(request, response, locale));
    chain.doFilter(request, response);
  }

  static Optional<Locale> preferred(String uiLocales) {
    return Arrays.stream(uiLocales.trim().split(" +"))
        .map(tag -> Locale.forLanguageTag(tag).getLanguage())
        .filter(SUPPORTED::contains)
        .findFirst()
        .map(Locale::of);
  }
}
