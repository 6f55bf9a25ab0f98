package jp.ishikawa.id.verifier.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.Test;

class JpkiNamesTests {

  @Test
  void authenticationCaWhenRenderedThenMatchesJlisName() {
    assertThat(JpkiNames.AUTHENTICATION_CA)
        .isEqualTo(
            new X500Principal(
                "OU=Japan Agency for Local Authority Information Systems,"
                    + "OU=JPKI for user authentication,O=JPKI,C=JP"));
  }

  @Test
  void familyOfWhenSignatureCaThenIdentity() {
    assertThat(JpkiNames.familyOf(JpkiNames.SIGNATURE_CA)).contains(Purpose.IDENTITY);
  }

  @Test
  void familyOfWhenTestAuthenticationCaThenLogin() {
    assertThat(JpkiNames.familyOf(JpkiNames.caName(Purpose.LOGIN, "JPKI-TEST")))
        .contains(Purpose.LOGIN);
  }

  @Test
  void familyOfWhenOtherOrganisationThenEmpty() {
    assertThat(JpkiNames.familyOf(new X500Principal("OU=JPKI for user authentication,O=Evil,C=JP")))
        .isEqualTo(Optional.empty());
  }

  @Test
  void isTestNameWhenJpkiTestThenTrueAndProductionFalse() {
    assertThat(JpkiNames.isTestName(JpkiNames.caName(Purpose.LOGIN, "JPKI-TEST"))).isTrue();
    assertThat(JpkiNames.isTestName(JpkiNames.AUTHENTICATION_CA)).isFalse();
  }
}
