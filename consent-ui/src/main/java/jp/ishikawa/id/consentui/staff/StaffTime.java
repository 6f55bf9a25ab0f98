package jp.ishikawa.id.consentui.staff;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Times on the staff pages: shown and typed in Japan's time (the statistics' days are Asia/Tokyo
 * days too), sent to the API as instants.
 */
public final class StaffTime {

  public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  private StaffTime() {}

  /** An API time ({@code 2026-12-02T01:00:00Z}) as {@code 2026-12-02 10:00:00}; "" for none. */
  public static String shown(@Nullable Object apiTime) {
    if (apiTime == null) {
      return "";
    }
    try {
      return SHOWN.format(Instant.parse(apiTime.toString()).atZone(TOKYO));
    } catch (DateTimeException e) {
      return apiTime.toString();
    }
  }

  /** A {@code datetime-local} value (Japan's time) as an instant; null when blank. */
  static @Nullable Instant fromInput(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    LocalDateTime local =
        text.length() == 16 ? LocalDateTime.parse(text, INPUT) : LocalDateTime.parse(text);
    return local.atZone(TOKYO).toInstant();
  }

  /** The start of a day in Japan. */
  static Instant startOf(LocalDate day) {
    return day.atStartOfDay(TOKYO).toInstant();
  }
}
