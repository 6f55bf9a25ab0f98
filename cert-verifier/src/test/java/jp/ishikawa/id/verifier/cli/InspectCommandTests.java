package jp.ishikawa.id.verifier.cli;

import static jp.ishikawa.id.verifier.cli.CliFixture.NOW;
import static jp.ishikawa.id.verifier.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.ishikawa.id.verifier.cli.CliFixture.Run;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect}: the readable JPKI view of authentication and signature certificates. */
class InspectCommandTests {

  @TempDir Path folder;

  @Test
  void inspectWhenAuthenticationCertificateThenLoginFamilyMunicipalityAndUrls() {
    IssuedCertificate card =
        CliFixture.issue(
            LeafSpec.authentication()
                .serial(0x0ABCDEF1L)
                .municipality("17201", "Ishikawa-ken", "Kanazawa-shi"));
    String file = CliFixture.writeDer(folder, "auth.der", card.certificate());

    Run result = run("inspect", file);

    assertThat(result.exit()).as(result.err()).isEqualTo(0);
    assertThat(result.out())
        .contains("format:")
        .contains("DER")
        .contains("login (issuer is a JPKI authentication CA)")
        .contains("test (O=JPKI-TEST)")
        .contains("ABCDEF1")
        .contains("17201 (石川県 金沢市)")
        .contains("RSA 2048 bits, e=65537")
        .contains("digitalSignature (critical)")
        .contains("clientAuth (1.3.6.1.5.5.7.3.2)")
        .contains("JPKI authentication policy (1.2.392.200149.8.5.1.3.30)")
        .contains("CN=Kanazawa-shi CRLDP,OU=Ishikawa-ken,OU=CRL Distribution Points")
        .contains("http://ocspauthnorm.jpki.go.jp")
        .contains("valid at " + NOW)
        .contains("fits the JPKI login profile")
        .contains(Fingerprint.sha256(card.der()));
  }

  @Test
  void inspectWhenTrustGivenThenRootGenerationNamedAndSignatureChecked() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication().generation(0));
    String file = CliFixture.writePem(folder, "auth.pem", card.certificate());
    String roots =
        CliFixture.writePem(
            folder,
            "roots.pem",
            CliFixture.pki().root(Purpose.LOGIN, 0).certificate(),
            CliFixture.pki().root(Purpose.LOGIN, 1).certificate());

    Run result = run("inspect", file, "--trust", roots, "--allow-test-roots", "--json");

    assertThat(result.exit()).as(result.err()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"format\": \"PEM\"")
        .contains("\"generation\": \"JPKI-TEST login 2019-09-14\"")
        .contains("\"signature\": \"verifies with that root's key\"");
  }

  @Test
  void inspectWhenNoTrustAndUnknownKeyIdentifierThenGenerationUnknown() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.authentication());
    String file = CliFixture.writeDer(folder, "auth.der", card.certificate());

    Run result = run("inspect", file, "--json");

    assertThat(result.out())
        .contains("\"generation\": null")
        .contains("\"signature\": \"not checked (give --trust to check it)\"");
  }

  @Test
  void inspectWhenExpiredAtGivenTimeThenSaysExpired() {
    IssuedCertificate card =
        CliFixture.issue(
            LeafSpec.authentication().validity(NOW.minus(Duration.ofDays(9)), NOW.plusSeconds(1)));
    String file = CliFixture.writeDer(folder, "auth.der", card.certificate());
    String later = NOW.plus(Duration.ofDays(1)).toString();

    Run result = run("inspect", file, "--at", later);

    assertThat(result.out()).contains("expired at " + later);
  }

  @Test
  void inspectWhenProfileDefectThenNamesTheReason() {
    IssuedCertificate card =
        CliFixture.issue(LeafSpec.authentication().keyUsage(KeyUsage.keyEncipherment));
    String file = CliFixture.writeDer(folder, "auth.der", card.certificate());

    Run result = run("inspect", file);

    assertThat(result.out()).contains("key_usage: keyUsage bits");
  }

  @Test
  void inspectWhenSignatureCertificateWithoutShowFactsThenFactsHidden() {
    TestFacts facts = TestFacts.defaults();
    IssuedCertificate card = CliFixture.issue(LeafSpec.signature().facts(facts));
    String file = CliFixture.writeDer(folder, "sign.der", card.certificate());

    Run result = run("inspect", file, "--json");

    assertThat(result.exit()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"purpose\": \"identity (issuer is a JPKI signature CA)\"")
        .contains("\"municipality_hint\": \"Ishikawa-ken Kanazawa-shi (subject L=)\"")
        .contains("\"facts\": \"present (use --show-facts to print them)\"")
        .contains("digitalSignature, nonRepudiation (critical)")
        .contains("fits the JPKI identity profile")
        .doesNotContain(facts.name())
        .doesNotContain(facts.address())
        .doesNotContain(facts.birthDate());
  }

  @Test
  void inspectWhenSignatureCertificateWithShowFactsThenFactsPrinted() {
    TestFacts facts = TestFacts.defaults();
    IssuedCertificate card = CliFixture.issue(LeafSpec.signature().facts(facts));
    String file = CliFixture.writeDer(folder, "sign.der", card.certificate());

    Run result = run("inspect", file, "--show-facts");

    assertThat(result.out())
        .contains(facts.name())
        .contains(facts.address())
        .contains("1980-04-01");
    assertThat(result.err()).contains("prints personal data");
  }

  @Test
  void inspectWhenSignatureCertificateHasNoFactsThenSaysAbsent() {
    IssuedCertificate card = CliFixture.issue(LeafSpec.signature().omitFacts());
    String file = CliFixture.writeDer(folder, "sign.der", card.certificate());

    Run result = run("inspect", file);

    assertThat(result.out()).contains("absent: the certificate has no subjectAltName");
  }

  @Test
  void inspectWhenFileIsNotACertificateThenExitTwo() {
    String file = CliFixture.write(folder, "junk.der", new byte[] {0x30, 0x03, 1, 2, 3});

    Run result = run("inspect", file);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("inspect " + file + ": not an X.509 certificate");
  }

  @Test
  void inspectWhenNoFileGivenThenExitTwo() {
    Run result = run("inspect");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("expected exactly one certificate file");
  }

  @Test
  void inspectWhenFileMissingThenExitTwoNamingIt() {
    String missing = folder.resolve("missing.der").toString();

    Run result = run("inspect", missing);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(missing + ": no such file");
  }
}
