package jp.ishikawa.id.consentui.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The resident's language from the {@code ishikawa-id-lang} cookie (the IdP's cookie name: on one
 * host both apps share the choice) (one of {@link ResidentLanguage}'s codes), Japanese without one.
 * Choosing a language ({@code ?lang=}, see {@link WebConfiguration}) stores its code for a year, so
 * the choice is remembered on the next visit. A cookie or parameter naming no language is Japanese,
 * never an error page.
 */
final class ResidentLanguageResolver implements LocaleResolver {

  static final String COOKIE = "ishikawa-id-lang";
  private static final String ATTRIBUTE = ResidentLanguageResolver.class.getName() + ".language";
  private static final Duration REMEMBERED = Duration.ofDays(365);

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    if (request.getAttribute(ATTRIBUTE) instanceof ResidentLanguage chosen) {
      return chosen.locale();
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (COOKIE.equals(cookie.getName())) {
          return ResidentLanguage.fromCode(cookie.getValue()).locale();
        }
      }
    }
    return ResidentLanguage.JAPANESE.locale();
  }

  @Override
  public void setLocale(
      HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
    ResidentLanguage language =
        locale == null ? ResidentLanguage.JAPANESE : ResidentLanguage.of(locale);
    choose(request, response, language);
  }

  /** Uses {@code language} for this request and remembers it in the cookie. */
  static void choose(
      HttpServletRequest request,
      @Nullable HttpServletResponse response,
      ResidentLanguage language) {
    request.setAttribute(ATTRIBUTE, language);
    if (response != null) {
      Cookie cookie = new Cookie(COOKIE, language.code());
      cookie.setPath("/");
      cookie.setMaxAge((int) REMEMBERED.toSeconds());
      cookie.setHttpOnly(true);
      cookie.setSecure(request.isSecure());
      cookie.setAttribute("SameSite", "Lax");
      response.addCookie(cookie);
    }
  }
}
