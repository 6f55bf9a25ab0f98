package jp.ishikawa.id.cardclient.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ishikawa.id.cardclient.testing.Cards;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaFileTests {

  @TempDir Path directory;

  private final TestCaFile.Roots roots =
      new TestCaFile.Roots(
          Cards.pki().newestRoot(Purpose.LOGIN), Cards.pki().newestRoot(Purpose.IDENTITY));

  @Test
  void readWhenWrittenThenSameRootsWithTheirKeys() throws Exception {
    Path file = directory.resolve("ca.p12");
    TestCaFile.write(file, roots);
    TestCaFile.Roots read = TestCaFile.read(file);
    assertThat(read.authentication().certificate()).isEqualTo(roots.authentication().certificate());
    assertThat(read.signature().certificate()).isEqualTo(roots.signature().certificate());
    assertThat(read.authentication().keyPair().getPrivate().getEncoded())
        .isEqualTo(roots.authentication().keyPair().getPrivate().getEncoded());
  }

  @Test
  void writeWhenFileExistsThenNeverReplaced() throws Exception {
    Path file = directory.resolve("ca.p12");
    Files.writeString(file, "keep me");
    assertThatIOException()
        .isThrownBy(() -> TestCaFile.write(file, roots))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void readWhenNotATestCaThenIoException() throws Exception {
    Path file = directory.resolve("card.p12");
    TestCardFile.write(file, Cards.authenticationOnly());
    assertThatIOException().isThrownBy(() -> TestCaFile.read(file));
  }

  @Test
  void rootsWhenPurposesSwappedThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TestCaFile.Roots(roots.signature(), roots.authentication()));
  }
}
