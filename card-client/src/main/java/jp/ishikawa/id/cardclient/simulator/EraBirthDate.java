package jp.ishikawa.id.cardclient.simulator;

import java.time.DateTimeException;
import java.time.LocalDate;
import jp.ishikawa.id.verifier.model.BirthDate;

/**
 * Turns a birth date as people type it ({@code YYYY-MM-DD}) into the {@code EYYYYMMDD} form of the
 * signature certificate (JPKI.md §4): the era digit of the date, then the Gregorian date. A raw
 * nine-digit value is accepted as it is, after checking it.
 */
public final class EraBirthDate {

  private static final LocalDate TAISHO = LocalDate.of(1912, 7, 30);
  private static final LocalDate SHOWA = LocalDate.of(1926, 12, 25);
  private static final LocalDate HEISEI = LocalDate.of(1989, 1, 8);
  private static final LocalDate REIWA = LocalDate.of(2019, 5, 1);

  private EraBirthDate() {}

  /**
   * {@code EYYYYMMDD} for {@code input}.
   *
   * @throws IllegalArgumentException if {@code input} is neither a date {@code YYYY-MM-DD} nor a
   *     valid nine-digit value
   */
  public static String certificateForm(String input) {
    String value = input.strip();
    if (value.length() == 9 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return BirthDate.parse(value).raw();
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("a birth date is YYYY-MM-DD or nine digits EYYYYMMDD");
    }
    return era(date)
        + String.format(
            java.util.Locale.ROOT,
            "%04d%02d%02d",
            date.getYear(),
            date.getMonthValue(),
            date.getDayOfMonth());
  }

  /** 1 Meiji, 2 Taisho, 3 Showa, 4 Heisei, 5 Reiwa. */
  static int era(LocalDate date) {
    if (date.isBefore(TAISHO)) {
      return 1;
    }
    if (date.isBefore(SHOWA)) {
      return 2;
    }
    if (date.isBefore(HEISEI)) {
      return 3;
    }
    if (date.isBefore(REIWA)) {
      return 4;
    }
    return 5;
  }
}
