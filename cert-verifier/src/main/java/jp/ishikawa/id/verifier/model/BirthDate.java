package jp.ishikawa.id.verifier.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A date of birth as the signature certificate states it: {@code EYYYYMMDD}, an era digit followed
 * by the Gregorian date. Residents whose date is not fully registered have zeros for the unknown
 * parts ({@code 319450000}: born in 1945; {@code 400000000}: not known at all), so the date is kept
 * with its precision and age checks answer "unknown" rather than guess.
 *
 * <p>{@link #toString()} never shows the date: it is a personal fact.
 */
public record BirthDate(String raw, int era, int year, int month, int day) {

  /** How much of the date is known. */
  public enum Precision {
    DAY,
    MONTH,
    YEAR,
    UNKNOWN
  }

  public BirthDate {
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * Parses {@code EYYYYMMDD}.
   *
   * @throws IllegalArgumentException if the value is not nine digits or names an impossible date
   */
  public static BirthDate parse(String raw) {
    if (raw == null || raw.length() != 9 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("a birth date must be nine digits EYYYYMMDD");
    }
    int era = raw.charAt(0) - '0';
    int year = Integer.parseInt(raw.substring(1, 5));
    int month = Integer.parseInt(raw.substring(5, 7));
    int day = Integer.parseInt(raw.substring(7, 9));
    if (year == 0 && (month != 0 || day != 0)) {
      throw new IllegalArgumentException("a birth date without a year cannot have a month or day");
    }
    if (month == 0 && day != 0) {
      throw new IllegalArgumentException("a birth date without a month cannot have a day");
    }
    if (month > 12) {
      throw new IllegalArgumentException("a birth date month must be 1-12");
    }
    if (day != 0) {
      try {
        LocalDate.of(year, month, day);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("a birth date must be a real calendar date");
      }
    }
    return new BirthDate(raw, era, year, month, day);
  }

  public Precision precision() {
    if (year == 0) {
      return Precision.UNKNOWN;
    }
    if (month == 0) {
      return Precision.YEAR;
    }
    return day == 0 ? Precision.MONTH : Precision.DAY;
  }

  /** The full date, when every part of it is known. */
  public Optional<LocalDate> date() {
    return precision() == Precision.DAY
        ? Optional.of(LocalDate.of(year, month, day))
        : Optional.empty();
  }

  /**
   * Whether the person is at least {@code years} old on {@code today}: true or false when the known
   * part of the date settles it, empty when it does not (a partly unknown date near the boundary).
   */
  public Optional<Boolean> isAtLeast(int years, LocalDate today) {
    if (precision() == Precision.UNKNOWN) {
      return Optional.empty();
    }
    LocalDate earliest = earliestPossible();
    LocalDate latest = latestPossible();
    if (!latest.plusYears(years).isAfter(today)) {
      return Optional.of(true);
    }
    if (earliest.plusYears(years).isAfter(today)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  private LocalDate earliestPossible() {
    return LocalDate.of(year, Math.max(month, 1), Math.max(day, 1));
  }

  private LocalDate latestPossible() {
    if (month == 0) {
      return LocalDate.of(year, 12, 31);
    }
    if (day == 0) {
      return LocalDate.of(year, month, 1)
          .withDayOfMonth(LocalDate.of(year, month, 1).lengthOfMonth());
    }
    return LocalDate.of(year, month, day);
  }

  @Override
  public String toString() {
    return "BirthDate[redacted, precision=" + precision() + "]";
  }
}
