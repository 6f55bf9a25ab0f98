package jp.ishikawa.id.idp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.idp.settings.InvalidSettingsException;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Misconfiguration stops the IdP at start-up with a sentence an operator can act on, instead of
 * surfacing later as failed logins or, worse, as logins that should have failed. The common
 * mistakes are all listed at once ({@code config/SettingsCheck}, one test per rule); the rest (a
 * test root in a production trust store) are refused by the bean that finds them.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTests {

  @TempDir static Path folder;
  private static Path testRoot;
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @BeforeAll
  static void writeRoot() throws IOException {
    testRoot = folder.resolve("test-root.pem");
    Files.writeString(
        testRoot,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(TestPki.create().newestRoot(Purpose.LOGIN).der())
            + "\n-----END CERTIFICATE-----\n");
  }

  private static List<String> base() {
    List<String> arguments = new ArrayList<>();
    arguments.add("--server.port=0");
    arguments.add(
        "--spring.datasource.url=jdbc:h2:mem:refusal"
            + System.nanoTime()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    arguments.add("--logging.level.root=OFF");
    arguments.add("--ishikawa-id.jpki.login-trust-anchors[0]=" + testRoot);
    arguments.add("--ishikawa-id.jpki.allow-test-roots=true");
    arguments.add("--ishikawa-id.jpki.revocation=crl");
    arguments.add("--ishikawa-id.jpki.crl-locations[0]=" + folder);
    arguments.add("--ishikawa-id.secrets.encryption-key=" + KEY);
    arguments.add("--ishikawa-id.secrets.pairwise-key=" + KEY);
    return arguments;
  }

  /** The settings refused, with what was said about each; fails if the IdP started. */
  private static List<String> refused(List<String> arguments) {
    InvalidSettingsException refusal =
        catchThrowableOfType(InvalidSettingsException.class, () -> start(arguments));
    assertThat(refusal).as("start-up refused for its settings").isNotNull();
    return refusal.problems().stream().map(p -> p.key() + ": " + p.problem()).toList();
  }

  private static List<String> without(String prefix, String... replacements) {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--" + prefix + "="));
    arguments.addAll(List.of(replacements));
    return arguments;
  }

  private static void start(List<String> arguments) {
    new SpringApplicationBuilder(IdpApplication.class)
        .run(arguments.toArray(String[]::new))
        .close();
  }

  @Test
  void startWhenNothingConfiguredThenOneFailureBoxListsEverySettingAndNoStackTrace(
      CapturedOutput output) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--server.port=0");
    arguments.add("--spring.datasource.url=jdbc:h2:mem:refusal" + System.nanoTime());

    assertThatThrownBy(() -> start(arguments)).isInstanceOf(InvalidSettingsException.class);

    assertThat(output.toString())
        .contains("APPLICATION FAILED TO START")
        .contains("ishikawa-id.jpki.login-trust-anchors")
        .contains("ishikawa-id.jpki.crl-locations")
        .contains("ishikawa-id.secrets.encryption-key")
        .contains("ishikawa-id.secrets.pairwise-key")
        .contains("openssl rand -base64 32")
        .contains("--ishikawa-id.demo=true")
        .doesNotContain("\tat jp.ishikawa");
  }

  @Test
  void startWhenRevocationNoneOutsideDemoThenRefused() {
    assertThat(
            refused(without("ishikawa-id.jpki.revocation", "--ishikawa-id.jpki.revocation=none")))
        .containsExactly("ishikawa-id.jpki.revocation: revocation=none is for demo mode only");
  }

  @Test
  void startWhenUnknownRevocationModeThenRefused() {
    assertThat(
            refused(without("ishikawa-id.jpki.revocation", "--ishikawa-id.jpki.revocation=maybe")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("none, crl, ocsp or ocsp+crl");
  }

  @Test
  void startWhenEncryptionKeyMissingThenRefused() {
    assertThat(refused(without("ishikawa-id.secrets.encryption-key")))
        .containsExactly(
            "ishikawa-id.secrets.encryption-key: ishikawa-id.secrets.encryption-key is not set");
  }

  @Test
  void startWhenPairwiseKeyNotBase64ThenRefused() {
    assertThat(
            refused(
                without(
                    "ishikawa-id.secrets.pairwise-key",
                    "--ishikawa-id.secrets.pairwise-key=not*base64")))
        .containsExactly("ishikawa-id.secrets.pairwise-key: is not valid base64");
  }

  @Test
  void startWhenEncryptionKeyShorterThan32BytesThenRefused() {
    assertThat(
            refused(
                without(
                    "ishikawa-id.secrets.encryption-key",
                    "--ishikawa-id.secrets.encryption-key="
                        + Base64.getEncoder().encodeToString(new byte[16]))))
        .containsExactly(
            "ishikawa-id.secrets.encryption-key: must be at least 32 bytes (base64 of 32 bytes)");
  }

  @Test
  void startWhenTestRootWithoutAllowTestRootsThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.jpki.allow-test-roots"));

    assertThatThrownBy(() -> start(arguments)).rootCause().hasMessageContaining("allow-test-roots");
  }

  @Test
  void startWhenNoTrustAnchorsThenRefused() {
    assertThat(refused(without("ishikawa-id.jpki.login-trust-anchors[0]")))
        .containsExactly(
            "ishikawa-id.jpki.login-trust-anchors: ishikawa-id.jpki.login-trust-anchors is empty");
  }

  @Test
  void startWhenTrustAnchorFileMissingThenRefused() {
    Path missing = folder.resolve("no-such-root.pem");

    assertThat(
            refused(
                without(
                    "ishikawa-id.jpki.login-trust-anchors[0]",
                    "--ishikawa-id.jpki.login-trust-anchors[0]=" + missing)))
        .containsExactly(
            "ishikawa-id.jpki.login-trust-anchors: no such file or folder: " + missing);
  }

  @Test
  void startWhenCrlModeWithoutLocationsThenRefused() {
    assertThat(refused(without("ishikawa-id.jpki.crl-locations[0]")))
        .containsExactly(
            "ishikawa-id.jpki.crl-locations: revocation=crl needs ishikawa-id.jpki.crl-locations");
  }

  @Test
  void startWhenUnknownStoreThenRefused() {
    List<String> arguments = base();
    arguments.add("--ishikawa-id.store=memcached");

    assertThat(refused(arguments))
        .containsExactly("ishikawa-id.store: must be embedded or redis, not memcached");
  }

  @Test
  void startWhenIssuerHasAPathThenRefused() {
    List<String> arguments = base();
    arguments.add("--ishikawa-id.issuer=https://id.example.jp/idp");

    assertThat(refused(arguments))
        .containsExactly("ishikawa-id.issuer: is not an http(s) origin: https://id.example.jp/idp");
  }

  @Test
  void startWhenDemoCardButtonOnOutsideDemoThenRefused() {
    List<String> arguments = base();
    arguments.add("--ishikawa-id.demo-card-button=true");

    assertThat(refused(arguments))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("ishikawa-id.demo-card-button: is on outside demo mode");
  }

  @Test
  void startWhenClientMalformedThenListedWithTheOtherProblems() {
    List<String> arguments = without("ishikawa-id.secrets.pairwise-key");
    arguments.add("--ishikawa-id.clients[0].client-id=portal");
    arguments.add("--ishikawa-id.clients[0].scopes[0]=profile");
    arguments.add("--ishikawa-id.clients[0].redirect-uris[0]=https://portal.example.jp/cb");
    arguments.add("--ishikawa-id.clients[1].client-id=x");

    assertThat(refused(arguments))
        .containsExactly(
            "ishikawa-id.secrets.pairwise-key: ishikawa-id.secrets.pairwise-key is not set",
            "ishikawa-id.clients: client portal must have the openid scope",
            "ishikawa-id.clients: ishikawa-id.clients: client-id must be 3-100 of A-Z a-z 0-9 . _ -");
  }

  @Test
  void startWhenSeveralSettingsWrongThenAllListedAtOnce() {
    List<String> arguments = without("ishikawa-id.secrets.encryption-key");
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.secrets.pairwise-key"));
    arguments.add("--ishikawa-id.store=memcached");

    assertThat(refused(arguments).stream().map(line -> line.substring(0, line.indexOf(':'))))
        .containsExactly(
            "ishikawa-id.store",
            "ishikawa-id.secrets.encryption-key",
            "ishikawa-id.secrets.pairwise-key");
  }
}
