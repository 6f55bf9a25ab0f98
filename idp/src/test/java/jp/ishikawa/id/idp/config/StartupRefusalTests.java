package jp.ishikawa.id.idp.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Misconfiguration stops the IdP at start-up with a sentence an operator can act on, instead of
 * surfacing later as failed logins or, worse, as logins that should have failed.
 */
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

  private static void start(List<String> arguments) {
    new SpringApplicationBuilder(IdpApplication.class)
        .run(arguments.toArray(String[]::new))
        .close();
  }

  @Test
  void startWhenRevocationNoneOutsideDemoThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.jpki.revocation"));
    arguments.add("--ishikawa-id.jpki.revocation=none");

    assertThatThrownBy(() -> start(arguments))
        .rootCause()
        .hasMessageContaining("revocation=none is for demo mode only");
  }

  @Test
  void startWhenUnknownRevocationModeThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.jpki.revocation"));
    arguments.add("--ishikawa-id.jpki.revocation=maybe");

    assertThatThrownBy(() -> start(arguments))
        .rootCause()
        .hasMessageContaining("none, crl, ocsp or ocsp+crl");
  }

  @Test
  void startWhenEncryptionKeyMissingThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.secrets.encryption-key"));

    assertThatThrownBy(() -> start(arguments))
        .rootCause()
        .hasMessageContaining("ishikawa-id.secrets.encryption-key is not set");
  }

  @Test
  void startWhenTestRootWithoutAllowTestRootsThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.jpki.allow-test-roots"));

    assertThatThrownBy(() -> start(arguments)).rootCause().hasMessageContaining("allow-test-roots");
  }

  @Test
  void startWhenNoTrustAnchorsThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.jpki.login-trust-anchors"));

    assertThatThrownBy(() -> start(arguments))
        .rootCause()
        .hasMessageContaining("login-trust-anchors is empty");
  }

  @Test
  void startWhenCrlModeWithoutLocationsThenRefused() {
    List<String> arguments = base();
    arguments.removeIf(a -> a.startsWith("--ishikawa-id.jpki.crl-locations"));

    assertThatThrownBy(() -> start(arguments)).rootCause().hasMessageContaining("crl-locations");
  }
}
