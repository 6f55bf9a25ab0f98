package jp.ishikawa.id.consentui.resident;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Dates as residents read them, in Japan's time: {@code 2026年12月2日} / {@code December 2, 2026},
 * with the time when it matters ({@code 2026年12月2日 10:15}).
 */
final class ResidentDates {

  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private ResidentDates() {}

  static @Nullable String date(@Nullable Instant instant, Locale locale) {
    return instant == null
        ? null
        : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
            .withLocale(plain(locale))
            .format(instant.atZone(JAPAN));
  }

  static @Nullable String dateTime(@Nullable Instant instant, Locale locale) {
    return instant == null
        ? null
        : date(instant, locale)
            + " "
            + DateTimeFormatter.ofPattern("HH:mm").format(instant.atZone(JAPAN));
  }

  /** やさしい日本語 is Japanese to the date formatter. */
  private static Locale plain(Locale locale) {
    return Locale.of(locale.getLanguage());
  }

  /** An instant the API sent as ISO-8601 text or epoch seconds (receipts), or null. */
  static @Nullable Instant instant(@Nullable Object value) {
    if (value instanceof String text && !text.isBlank()) {
      try {
        return Instant.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }
    if (value instanceof Number seconds) {
      return Instant.ofEpochSecond(seconds.longValue());
    }
    return null;
  }
}
