package jp.ishikawa.id.verifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jp.ishikawa.id.verifier.cli.CliFixture.Run;
import jp.ishikawa.id.verifier.testing.RealSamples;
import org.junit.jupiter.api.Test;

/**
 * The CLI against the real J-LIS roots and a real card's certificate and signatures (JPKI.md §7).
 * Skipped, loudly, when {@code ../shared/jpki/real/} is absent.
 */
class CertVerifierCliRealSamplesTests {

  private static final String WHILE_VALID = "2020-09-13T12:26:40Z";

  private static Run verify(String signature, String... extra) {
    String[] base = {
      "verify",
      "--purpose",
      "login",
      "--trust",
      RealSamples.path("jlis-auth_ca_2015.pem").toString(),
      "--cert",
      RealSamples.path("card-auth-cert-2019.der").toString(),
      "--message",
      RealSamples.path("card-message1.txt").toString(),
      "--signature",
      RealSamples.path(signature).toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliFixture.run(args);
  }

  @Test
  void verifyWhenReal2019CardAtAValidTimeThenVerifiedAgainstAuthca01() {
    Run result = verify("card-message1.sha256-rsa-pkcs1.sig", "--at", WHILE_VALID);

    assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"result\": \"verified\"")
        .contains("\"serial\": \"12D57CA\"")
        .contains("\"label\": \"authca01\"")
        .contains(
            "\"fingerprint\": \"4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D\"")
        .contains("\"test\": false")
        .contains("\"state\": \"unchecked\"");
  }

  @Test
  void verifyWhenRealSha1SignatureThenRejectedBadSignature() {
    Run result = verify("card-message1.sha1-rsa-pkcs1.sig", "--at", WHILE_VALID);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("\"reason\": \"bad_signature\"").contains("SHA-1");
  }

  @Test
  void verifyWhenRealCardWithoutAtThenRejectedCertificateExpired() {
    // The fixture clock is 2026-06-01, after the certificate's 2024-05-02 end.
    Run result = verify("card-message1.sha256-rsa-pkcs1.sig");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("\"reason\": \"certificate_expired\"");
  }

  @Test
  void verifyWhenRealRootPinnedWithJlisFingerprintThenVerified() {
    Run result =
        verify(
            "card-message1.sha256-rsa-pkcs1.sig",
            "--at",
            WHILE_VALID,
            "--pin",
            "4D:CF:C4:CA:0A:AF:9F:B2:A3:08:1B:3F:0C:99:1C:32:0B:3A:CC:00:86:67:A3:41:EE:AE:C5:AF:1D:58:CA:7D");

    assertThat(result.exit()).as(result.err()).isEqualTo(0);
  }

  @Test
  void inspectWhenReal2022CertificateThenAuthca02ByKeyIdentifier() {
    Run result = CliFixture.run("inspect", RealSamples.path("card-auth-cert-2022.der").toString());

    assertThat(result.exit()).isEqualTo(0);
    assertThat(result.out())
        .contains("8CD5586A891485E559379B7E29D410CFD28B3593")
        .contains("authca02")
        .contains("the AKI key identifier")
        .contains("production (O=JPKI)")
        .contains("01106 (北海道)")
        .contains("fits the JPKI login profile");
  }

  @Test
  void inspectWhenReal2019CertificateWithItsRootThenAuthca01Verified() {
    Run result =
        CliFixture.run(
            "inspect",
            RealSamples.path("card-auth-cert-2019.der").toString(),
            "--trust",
            RealSamples.path("jlis-auth_ca_2015.pem").toString(),
            "--json");

    assertThat(result.exit()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"generation\": \"authca01\"")
        .contains("\"signature\": \"verifies with that root's key\"")
        .contains("Tsukuba-shi CRLDP");
  }
}
