package jp.ishikawa.id.cardclient.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EraBirthDateTests {

  @ParameterizedTest
  @CsvSource({
    "1912-07-29, 119120729",
    "1912-07-30, 219120730",
    "1926-12-24, 219261224",
    "1926-12-25, 319261225",
    "1989-01-07, 319890107",
    "1989-01-08, 419890108",
    "2019-04-30, 420190430",
    "2019-05-01, 520190501",
    "1980-04-01, 319800401",
    "1900-01-01, 119000101"
  })
  void certificateFormWhenIsoDateThenEraDigitAndDate(String date, String expected) {
    assertThat(EraBirthDate.certificateForm(date)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"319800401", "400000000", "319450000"})
  void certificateFormWhenNineDigitsThenUnchanged(String raw) {
    assertThat(EraBirthDate.certificateForm(raw)).isEqualTo(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1980-13-01", "1980/04/01", "31980040", "319801301", "yesterday", ""})
  void certificateFormWhenNeitherThenRejected(String input) {
    assertThatIllegalArgumentException().isThrownBy(() -> EraBirthDate.certificateForm(input));
  }
}
