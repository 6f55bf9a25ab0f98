package jp.ishikawa.id.cardclient.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import jp.ishikawa.id.cardclient.card.JpkiCard;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.testing.Cards;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import jp.ishikawa.id.verifier.revocation.RevocationPolicy;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCardsTests {

  @TempDir Path directory;

  @Test
  void issueWhenAuthenticationOnlyThenNoSignatureAndDefaultPin() {
    CardContents card = Cards.authenticationOnly();
    assertThat(card.hasSignature()).isFalse();
    assertThat(card.pin()).isEqualTo(TestCards.DEFAULT_PIN);
    assertThat(card.tokenLabel()).isEqualTo(CardContents.TEST_TOKEN_LABEL);
  }

  @Test
  void issueWhenWithFactsThenBothCertificatesChainToTheNewestRoots() throws Exception {
    CardContents card = Cards.full();
    card.authenticationCertificate()
        .verify(Cards.pki().newestRoot(Purpose.LOGIN).keyPair().getPublic());
    card.signatureCertificate()
        .verify(Cards.pki().newestRoot(Purpose.IDENTITY).keyPair().getPublic());
    assertThat(card.authenticationCa())
        .isEqualTo(Cards.pki().newestRoot(Purpose.LOGIN).certificate());
    assertThat(card.authenticationCertificate().getIssuerX500Principal().getName())
        .contains("O=JPKI-TEST");
  }

  @Test
  void simulatedCardSignaturesWhenVerifiedByCertVerifierThenVerifiedWithTheFacts()
      throws Exception {
    TestFacts facts = TestFacts.defaults().withName("試験　花子");
    CardContents contents = TestCards.issue(Cards.pki(), facts);
    JpkiVerifier verifier =
        JpkiVerifier.builder()
            .trustStore(
                TrustStore.builder()
                    .allowTestRoots(true)
                    .add(Purpose.LOGIN, Cards.pki().newestRoot(Purpose.LOGIN).certificate())
                    .add(Purpose.IDENTITY, Cards.pki().newestRoot(Purpose.IDENTITY).certificate())
                    .build())
            .revocationChecker(RevocationChecker.none())
            .revocationPolicy(RevocationPolicy.SOFT_FAIL)
            .build();
    byte[] message = "message".getBytes(StandardCharsets.UTF_8);
    JpkiCard card = JpkiCard.select(SimulatedCard.of(contents));
    card.verify(KeyRole.AUTHENTICATION, "1234".toCharArray(), false);
    VerificationResult login =
        verifier.verify(
            Purpose.LOGIN,
            card.certificate(KeyRole.AUTHENTICATION),
            message,
            card.signSha256(KeyRole.AUTHENTICATION, message));
    assertThat(login).isInstanceOf(Verified.class);
    card.verify(KeyRole.SIGNATURE, "TESTCARD1".toCharArray(), false);
    VerificationResult identity =
        verifier.verify(
            Purpose.IDENTITY,
            card.certificate(KeyRole.SIGNATURE),
            message,
            card.signSha256(KeyRole.SIGNATURE, message));
    assertThat(identity).isInstanceOf(Verified.class);
    assertThat(((Verified) identity).basicFacts())
        .hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("試験　花子"));
  }

  @Test
  void writeWhenNoPinGivenThenRandomSecretsOfTheCardsForm() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCards.Credentials credentials =
        TestCards.write(
            file,
            Cards.pki(),
            Cards.pki().newestRoot(Purpose.LOGIN),
            Cards.pki().newestRoot(Purpose.IDENTITY),
            null,
            null,
            null);
    assertThat(KeyRole.AUTHENTICATION.acceptsForm(credentials.pin().toCharArray())).isTrue();
    assertThat(KeyRole.SIGNATURE.acceptsForm(credentials.password().toCharArray())).isTrue();
    CardContents read = TestCardFile.read(file);
    assertThat(read.pin()).isEqualTo(credentials.pin());
    assertThat(read.password()).isEqualTo(credentials.password());
    assertThat(credentials.toString()).doesNotContain(credentials.pin());
  }

  @Test
  void writeWhenRootsOnlyThenIssuedUnderThoseRoots() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCards.Credentials credentials =
        TestCards.write(file, Cards.pki().newestRoot(Purpose.LOGIN), null, null, "4321", null);
    CardContents read = TestCardFile.read(file);
    read.authenticationCertificate()
        .verify(Cards.pki().newestRoot(Purpose.LOGIN).keyPair().getPublic());
    assertThat(read.hasSignature()).isFalse();
    assertThat(credentials.pin()).isEqualTo("4321");
    assertThat(credentials.password()).isNull();
  }

  @Test
  void randomPasswordWhenGeneratedThenFollowsTheCardsRules() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 100; i++) {
      assertThat(KeyRole.SIGNATURE.acceptsForm(TestCards.randomPassword(random).toCharArray()))
          .isTrue();
      assertThat(KeyRole.AUTHENTICATION.acceptsForm(TestCards.randomPin(random).toCharArray()))
          .isTrue();
    }
  }
}
