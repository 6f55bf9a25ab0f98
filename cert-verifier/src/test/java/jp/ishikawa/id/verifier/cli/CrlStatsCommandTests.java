package jp.ishikawa.id.verifier.cli;

import static jp.ishikawa.id.verifier.cli.CliFixture.NOW;
import static jp.ishikawa.id.verifier.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.ishikawa.id.verifier.cli.CliFixture.Run;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crl-stats}: a CRL file as the CRL store sees it, with and without its signature. */
class CrlStatsCommandTests {

  private static final Instant THIS_UPDATE = NOW.minus(Duration.ofHours(1));

  @TempDir Path folder;

  private static CrlSpec partition() {
    return CrlSpec.of(Purpose.LOGIN)
        .updates(THIS_UPDATE, THIS_UPDATE.plus(Duration.ofDays(1)))
        .distributionPoint("Ishikawa-ken", "Kanazawa-shi")
        .revoke(BigInteger.valueOf(0x01000001), THIS_UPDATE.minusSeconds(60), 1)
        .revoke(BigInteger.valueOf(0x01000002), THIS_UPDATE.minusSeconds(60), 4);
  }

  private String loginRoot() {
    return CliFixture.writePem(
        folder, "root.pem", CliFixture.pki().newestRoot(Purpose.LOGIN).certificate());
  }

  @Test
  void crlStatsWhenNoTrustThenStatsWithSignatureNotChecked() {
    String crl = CliFixture.writeCrl(folder, "kanazawa.crl", CliFixture.pki().crl(partition()));

    Run result = run("crl-stats", crl);

    assertThat(result.exit()).as(result.err()).isEqualTo(0);
    assertThat(result.out())
        .contains("DER")
        .contains("OU=JPKI for user authentication,O=JPKI-TEST,C=JP")
        .contains(THIS_UPDATE.toString())
        .contains(THIS_UPDATE.plus(Duration.ofDays(1)).toString())
        .contains("entries:")
        .contains("CN=Kanazawa-shi CRLDP,OU=Ishikawa-ken")
        .contains("fresh at " + NOW)
        .contains("parse time ms:")
        .contains("not checked (give --trust to check it)");
  }

  @Test
  void crlStatsWhenJsonThenEntriesAndNullRefusal() {
    String crl = CliFixture.writeCrlPem(folder, "kanazawa.pem", CliFixture.pki().crl(partition()));

    Run result = run("crl-stats", crl, "--json");

    assertThat(result.out())
        .contains("\"format\": \"PEM\"")
        .contains("\"entries\": 2,")
        .contains("\"refused\": null")
        .contains("\"load_time_ms\": null");
  }

  @Test
  void crlStatsWhenTrustGivenThenSignatureVerifiedByTheRoot() {
    String crl = CliFixture.writeCrl(folder, "kanazawa.crl", CliFixture.pki().crl(partition()));

    Run result = run("crl-stats", crl, "--trust", loginRoot(), "--allow-test-roots", "--json");

    assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(0);
    assertThat(result.out())
        .contains("\"signature\": \"verified with root JPKI-TEST login 2023-07-16\"")
        .containsPattern("\"load_time_ms\": [0-9]+\\.[0-9]");
  }

  @Test
  void crlStatsWhenSignedByLookAlikeAndTrustGivenThenNotVerifiedExitOne() {
    String crl =
        CliFixture.writeCrl(
            folder,
            "forged.crl",
            CliFixture.pki().crl(partition().signer(CliFixture.pki().lookAlike(Purpose.LOGIN))));

    Run result = run("crl-stats", crl, "--trust", loginRoot(), "--allow-test-roots");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("NOT verified");
    assertThat(result.err()).contains("would not answer from this CRL");
  }

  @Test
  void crlStatsWhenStaleAtGivenTimeThenExitOne() {
    String crl = CliFixture.writeCrl(folder, "kanazawa.crl", CliFixture.pki().crl(partition()));
    String later = NOW.plus(Duration.ofDays(2)).toString();

    Run result = run("crl-stats", crl, "--at", later);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).contains("stale at " + later);
  }

  @Test
  void crlStatsWhenSignedWithSha1ThenRefusedExitOne() {
    String crl =
        CliFixture.writeCrl(
            folder,
            "sha1.crl",
            CliFixture.pki().crl(partition().signatureAlgorithm("SHA1withRSA")));

    Run result = run("crl-stats", crl);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).containsPattern("refused: +\\S");
  }

  @Test
  void crlStatsWhenFileIsNotACrlThenExitTwo() {
    String file = CliFixture.write(folder, "junk.crl", new byte[] {1, 2, 3});

    Run result = run("crl-stats", file);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("not a well-formed CRL");
  }

  @Test
  void crlStatsWhenFileMissingThenExitTwoNamingIt() {
    String missing = folder.resolve("missing.crl").toString();

    Run result = run("crl-stats", missing);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("crl-stats " + missing + ": no such file");
  }
}
