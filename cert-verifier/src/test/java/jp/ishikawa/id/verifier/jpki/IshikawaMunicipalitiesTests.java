package jp.ishikawa.id.verifier.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IshikawaMunicipalitiesTests {

  @ParameterizedTest
  @CsvSource({
    "石川県金沢市鞍月１丁目１番地, 17201",
    "石川県七尾市袖ケ江町イ部２５番地, 17202",
    "石川県小松市小馬出町９１番地, 17203",
    "石川県輪島市二ツ屋町２字２９番地, 17204",
    "石川県珠洲市上戸町北方１字６番地の２, 17205",
    "石川県加賀市大聖寺南町ニ４１番地, 17206",
    "石川県羽咋市旭町ア２００番地, 17207",
    "石川県かほく市宇野気ニ８１番地, 17209",
    "石川県白山市倉光２丁目１番地, 17210",
    "石川県能美市来丸町１１１０番地, 17211",
    "石川県野々市市三納１丁目１番地, 17212",
    "石川県能美郡川北町字壱ツ屋１７４番地, 17324",
    "石川県河北郡津幡町字加賀爪ニ３番地, 17361",
    "石川県河北郡内灘町字大学１丁目２番地１, 17365",
    "石川県羽咋郡志賀町末吉千古１番地１, 17384",
    "石川県羽咋郡宝達志水町子浦そ１８番地１, 17386",
    "石川県鹿島郡中能登町末坂９部４６番地, 17407",
    "石川県鳳珠郡穴水町字川島ラの１７４番地, 17461",
    "石川県鳳珠郡能登町字宇出津ト字５０番地１, 17463"
  })
  void codeOfWhenEachMunicipalityThenItsJisCode(String address, String code) {
    assertThat(IshikawaMunicipalities.codeOf(address)).contains(code);
  }

  @Test
  void codeOfWhenDistrictNameLeftOutThenStillFound() {
    assertThat(IshikawaMunicipalities.codeOf("石川県津幡町字加賀爪ニ３番地")).contains("17361");
    assertThat(IshikawaMunicipalities.codeOf("石川県能登町字宇出津")).contains("17463");
  }

  @Test
  void codeOfWhenHalfWidthDigitsAndSpacesThenNormalised() {
    assertThat(IshikawaMunicipalities.codeOf(" 石川県 金沢市鞍月1丁目1番地")).contains("17201");
  }

  @Test
  void codeOfWhenNakanotoNotConfusedWithNoto() {
    assertThat(IshikawaMunicipalities.codeOf("石川県中能登町末坂")).contains("17407");
  }

  @Test
  void nameOfWhenIshikawaCodeThenMunicipalityAndOtherwiseEmpty() {
    assertThat(IshikawaMunicipalities.nameOf("17201")).contains("金沢市");
    assertThat(IshikawaMunicipalities.nameOf("17463")).contains("能登町");
    assertThat(IshikawaMunicipalities.nameOf("13101")).isEmpty();
  }

  @Test
  void codeOfWhenOtherPrefectureThenEmpty() {
    assertThat(IshikawaMunicipalities.codeOf("富山県富山市新総曲輪１番７号")).isEmpty();
    assertThat(IshikawaMunicipalities.inIshikawa("富山県富山市新総曲輪１番７号")).isFalse();
  }

  @Test
  void codeOfWhenIshikawaButUnknownMunicipalityThenResidentWithoutCode() {
    assertThat(IshikawaMunicipalities.inIshikawa("石川県架空町１番地")).isTrue();
    assertThat(IshikawaMunicipalities.codeOf("石川県架空町１番地")).isEmpty();
  }
}
