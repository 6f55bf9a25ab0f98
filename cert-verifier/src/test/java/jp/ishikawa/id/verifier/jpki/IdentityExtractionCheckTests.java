package jp.ishikawa.id.verifier.jpki;

import static jp.ishikawa.id.verifier.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.BirthDate;
import jp.ishikawa.id.verifier.model.Gender;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

class IdentityExtractionCheckTests {

  private static VerificationResult verifyIdentity(LeafSpec spec) {
    IssuedCertificate card = VerifierFixture.issue(spec);
    return VerifierFixture.verifySigned(Purpose.IDENTITY, card);
  }

  @Test
  void verifyWhenSignatureCertificateThenFourBasicFactsExtracted() {
    TestFacts facts =
        TestFacts.defaults()
            .withName("石川　花子")
            .withGenderCode("2")
            .withBirthDate("419900215")
            .withAddress("石川県野々市市三納１丁目１番地")
            .withSubstitutes("石川　花子（代替）", "石川県野々市市三納一丁目一番地");

    VerificationResult result = verifyIdentity(LeafSpec.signature().facts(facts));

    assertThat(result).isInstanceOf(Verified.class);
    BasicFacts extracted = ((Verified) result).facts();
    assertThat(extracted.name()).isEqualTo("石川　花子");
    assertThat(extracted.nameSubstitute()).isEqualTo("石川　花子（代替）");
    assertThat(extracted.gender()).isEqualTo(Gender.FEMALE);
    assertThat(extracted.genderCode()).isEqualTo("2");
    assertThat(extracted.birthDate().date()).contains(java.time.LocalDate.of(1990, 2, 15));
    assertThat(extracted.birthDate().era()).isEqualTo(4);
    assertThat(extracted.address()).isEqualTo("石川県野々市市三納１丁目１番地");
    assertThat(extracted.addressSubstitute()).isEqualTo("石川県野々市市三納一丁目一番地");
    assertThat(extracted.toString()).doesNotContain("花子").doesNotContain("野々市");
  }

  @Test
  void verifyWhenBirthDateUnknownThenExtractedWithUnknownPrecision() {
    VerificationResult result =
        verifyIdentity(LeafSpec.signature().facts(TestFacts.defaults().withBirthDate("400000000")));

    assertThat(((Verified) result).facts().birthDate().precision())
        .isEqualTo(BirthDate.Precision.UNKNOWN);
  }

  @Test
  void verifyWhenLoginThenNoFactsRead() {
    IssuedCertificate card = VerifierFixture.issue(LeafSpec.authentication());
    assertThat(((Verified) VerifierFixture.verifySigned(Purpose.LOGIN, card)).facts()).isNull();
  }

  @Test
  void verifyWhenSignatureCertificateWithoutFactsThenMissingBasicFacts() {
    assertRejected(verifyIdentity(LeafSpec.signature().omitFacts()), Reason.MISSING_BASIC_FACTS);
  }

  @Test
  void verifyWhenBirthDateMalformedThenMalformedBasicFacts() {
    assertRejected(
        verifyIdentity(LeafSpec.signature().facts(TestFacts.defaults().withBirthDate("31980041"))),
        Reason.MALFORMED_BASIC_FACTS);
  }

  @Test
  void verifyWhenBirthDateImpossibleThenMalformedBasicFacts() {
    assertRejected(
        verifyIdentity(LeafSpec.signature().facts(TestFacts.defaults().withBirthDate("319800231"))),
        Reason.MALFORMED_BASIC_FACTS);
  }

  @Test
  void verifyWhenGenderNotADigitThenMalformedBasicFacts() {
    assertRejected(
        verifyIdentity(LeafSpec.signature().facts(TestFacts.defaults().withGenderCode("M"))),
        Reason.MALFORMED_BASIC_FACTS);
  }

  @Test
  void verifyWhenAddressEmptyThenMalformedBasicFacts() {
    assertRejected(
        verifyIdentity(LeafSpec.signature().facts(TestFacts.defaults().withAddress(""))),
        Reason.MALFORMED_BASIC_FACTS);
  }
}
