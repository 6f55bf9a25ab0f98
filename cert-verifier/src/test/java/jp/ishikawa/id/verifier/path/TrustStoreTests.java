package jp.ishikawa.id.verifier.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jp.ishikawa.id.verifier.VerifierFixture;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTests {

  private static final TestPki PKI = VerifierFixture.pki();

  @TempDir Path folder;

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void loadWhenDirectoryOfPemAndDerThenEveryRootLoaded() throws IOException {
    Files.writeString(folder.resolve("gen0.pem"), pem(PKI.root(Purpose.LOGIN, 0).der()));
    Files.write(folder.resolve("gen1.der"), PKI.root(Purpose.LOGIN, 1).der());
    Files.writeString(folder.resolve("readme.txt"), "not a certificate");

    TrustStore store =
        TrustStore.builder().allowTestRoots(true).load(Purpose.LOGIN, folder).build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(2);
    assertThat(store.anchors(Purpose.IDENTITY)).isEmpty();
  }

  @Test
  void loadWhenPemFileHoldsSeveralRootsThenAllLoaded() throws IOException {
    Path bundle = folder.resolve("bundle.pem");
    Files.writeString(
        bundle, pem(PKI.root(Purpose.LOGIN, 0).der()) + pem(PKI.root(Purpose.LOGIN, 2).der()));

    TrustStore store =
        TrustStore.builder().allowTestRoots(true).load(Purpose.LOGIN, bundle).build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(2);
  }

  @Test
  void loadWhenSameRootTwiceThenKeptOnce() {
    TrustStore store =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate())
            .add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate())
            .build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(1);
  }

  @Test
  void buildWhenTestRootAndTestRootsOffThenRefused() {
    TrustStore.Builder builder =
        TrustStore.builder().add(Purpose.LOGIN, PKI.root(Purpose.LOGIN, 0).certificate());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JPKI-TEST")
        .hasMessageContaining("allow-test-roots");
  }

  @Test
  void buildWhenProductionRootNotPinnedThenRefused() {
    TestPki production = TestPki.create(TestPki.options().organisation("JPKI"));
    TrustStore.Builder builder =
        TrustStore.builder()
            .pinnedFingerprints(JpkiRoots.productionFingerprints())
            .add(Purpose.LOGIN, production.newestRoot(Purpose.LOGIN).certificate());

    assertThatThrownBy(builder::build).hasMessageContaining("pinned fingerprint");
  }

  @Test
  void buildWhenProductionRootPinnedThenAccepted() {
    TestPki production = TestPki.create(TestPki.options().organisation("JPKI"));
    byte[] root = production.newestRoot(Purpose.LOGIN).der();
    String colonSeparated = Fingerprint.sha256(root).replaceAll("(..)(?!$)", "$1:").toLowerCase();

    TrustStore store =
        TrustStore.builder()
            .pinnedFingerprints(List.of(colonSeparated))
            .add(Purpose.LOGIN, production.newestRoot(Purpose.LOGIN).certificate())
            .build();

    assertThat(store.anchors(Purpose.LOGIN)).hasSize(1);
    assertThat(store.anchors(Purpose.LOGIN).getFirst().info().test()).isFalse();
  }

  @Test
  void buildWhenCertificateIsNotSelfSignedThenRefused() {
    TrustStore.Builder builder =
        TrustStore.builder()
            .allowTestRoots(true)
            .add(Purpose.LOGIN, VerifierFixture.issue(LeafSpec.authentication()).certificate());

    assertThatThrownBy(builder::build).hasMessageContaining("not self-signed");
  }

  @Test
  void buildWhenEmptyThenRefused() {
    assertThatThrownBy(() -> TrustStore.builder().build()).hasMessageContaining("empty");
  }

  @Test
  void loadWhenFileIsNotACertificateThenRefusedNamingTheFile() throws IOException {
    Path junk = folder.resolve("junk.pem");
    Files.writeString(junk, "hello", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> TrustStore.builder().load(Purpose.LOGIN, junk))
        .hasMessageContaining("junk.pem");
  }

  @Test
  void loadWhenPathMissingThenRefused() {
    assertThatThrownBy(() -> TrustStore.builder().load(Purpose.LOGIN, folder.resolve("nothing")))
        .hasMessageContaining("neither a file nor a directory");
  }

  @Test
  void pinnedFingerprintsWhenNotHexThenRefused() {
    assertThatThrownBy(() -> TrustStore.builder().pinnedFingerprints(List.of("abc")))
        .hasMessageContaining("64 hexadecimal digits");
  }
}
