package jp.ishikawa.id.consentui.web;

import java.util.Arrays;
import java.util.Locale;

/**
 * The languages of consent-ui's pages (as the IdP's): Japanese (the default), やさしい日本語 (easy
 * Japanese, for the prefecture's foreign and older residents) and English. Each has the short code
 * of the {@code ?lang=} parameter and the cookie, the {@link Locale} the messages are looked up
 * with, and the {@code lang} attribute of the page (easy Japanese is Japanese to a browser and a
 * screen reader).
 *
 * <p>Easy Japanese is the Java locale {@code ja} with the variant {@code easy}: its messages are
 * {@code i18n/messages_ja__easy.properties}, and every key it lacks falls back to plain Japanese.
 */
public enum ResidentLanguage {
  JAPANESE("ja", Locale.JAPANESE, "ja"),
  EASY_JAPANESE("easy", Locale.of("ja", "", "easy"), "ja"),
  ENGLISH("en", Locale.ENGLISH, "en");

  private final String code;
  private final Locale locale;
  private final String htmlLang;

  ResidentLanguage(String code, Locale locale, String htmlLang) {
    this.code = code;
    this.locale = locale;
    this.htmlLang = htmlLang;
  }

  /** The value of {@code ?lang=} and of the language cookie. */
  public String code() {
    return code;
  }

  public Locale locale() {
    return locale;
  }

  /** The page's {@code <html lang>}. */
  public String htmlLang() {
    return htmlLang;
  }

  /**
   * The language a {@code ?lang=} value or cookie names; anything else, a typo or an attack ({@code
   * ?lang=<script>}), is Japanese: a resident always gets a page, never an error.
   */
  public static ResidentLanguage fromCode(String code) {
    return Arrays.stream(values())
        .filter(language -> language.code.equals(code))
        .findFirst()
        .orElse(JAPANESE);
  }

  /** Whether {@code code} names one of the languages. */
  public static boolean isKnown(String code) {
    return Arrays.stream(values()).anyMatch(language -> language.code.equals(code));
  }

  /** The language of a locale this enum produced; Japanese for any other. */
  public static ResidentLanguage of(Locale locale) {
    return Arrays.stream(values())
        .filter(language -> language.locale.equals(locale))
        .findFirst()
        .orElse(JAPANESE);
  }
}
