package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;

import jp.ishikawa.id.verifier.model.BirthDate;
import org.junit.jupiter.api.Test;

class ResidentClaimsTests {

  @Test
  void birthdateWhenFullDateThenIsoDate() {
    assertThat(ResidentClaims.birthdate(BirthDate.parse("319800401"))).contains("1980-04-01");
  }

  @Test
  void birthdateWhenOnlyYearOrMonthKnownThenYearOnly() {
    assertThat(ResidentClaims.birthdate(BirthDate.parse("319450000"))).contains("1945");
    assertThat(ResidentClaims.birthdate(BirthDate.parse("319450700"))).contains("1945");
  }

  @Test
  void birthdateWhenUnknownThenAbsent() {
    assertThat(ResidentClaims.birthdate(BirthDate.parse("400000000"))).isEmpty();
  }
}
