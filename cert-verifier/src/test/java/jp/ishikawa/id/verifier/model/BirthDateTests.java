package jp.ishikawa.id.verifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BirthDateTests {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

  @Test
  void parseWhenFullDateThenDayPrecision() {
    BirthDate date = BirthDate.parse("320081129");
    assertThat(date.precision()).isEqualTo(BirthDate.Precision.DAY);
    assertThat(date.date()).contains(LocalDate.of(2008, 11, 29));
  }

  @Test
  void isAtLeastWhenEighteenthBirthdayTodayThenTrue() {
    assertThat(BirthDate.parse("420081129").isAtLeast(18, TODAY)).contains(true);
  }

  @Test
  void isAtLeastWhenEighteenthBirthdayTomorrowThenFalse() {
    assertThat(BirthDate.parse("420081130").isAtLeast(18, TODAY)).contains(false);
  }

  @Test
  void isAtLeastWhenOnlyYearKnownAndYearSettlesItThenAnswer() {
    assertThat(BirthDate.parse("319450000").isAtLeast(18, TODAY)).contains(true);
    assertThat(BirthDate.parse("520200000").isAtLeast(18, TODAY)).contains(false);
  }

  @Test
  void isAtLeastWhenOnlyYearKnownAndBoundaryYearThenUnknown() {
    assertThat(BirthDate.parse("420080000").isAtLeast(18, TODAY)).isEmpty();
  }

  @Test
  void isAtLeastWhenYearAndMonthKnownAndBoundaryMonthThenUnknown() {
    assertThat(BirthDate.parse("420081100").isAtLeast(18, TODAY)).isEmpty();
    assertThat(BirthDate.parse("420081000").isAtLeast(18, TODAY)).contains(true);
  }

  @Test
  void isAtLeastWhenDateUnknownThenUnknown() {
    BirthDate unknown = BirthDate.parse("400000000");
    assertThat(unknown.precision()).isEqualTo(BirthDate.Precision.UNKNOWN);
    assertThat(unknown.isAtLeast(18, TODAY)).isEmpty();
  }

  @Test
  void parseWhenDayWithoutMonthThenRefused() {
    assertThatThrownBy(() -> BirthDate.parse("319450012"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseWhenNotNineDigitsThenRefused() {
    assertThatThrownBy(() -> BirthDate.parse("19450101"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BirthDate.parse("3l9450101"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringWhenAnyDateThenRedacted() {
    assertThat(BirthDate.parse("319800401").toString()).doesNotContain("1980").contains("redacted");
  }
}
