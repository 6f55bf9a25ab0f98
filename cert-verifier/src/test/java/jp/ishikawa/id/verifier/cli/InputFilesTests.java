package jp.ishikawa.id.verifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading operator files: signature encodings, PEM certificates, size and existence. */
class InputFilesTests {

  private static final byte[] RAW = new byte[256];

  static {
    for (int i = 0; i < RAW.length; i++) {
      RAW[i] = (byte) (i * 7 + 1);
    }
  }

  @TempDir Path folder;

  @Test
  void signatureWhenBinaryThenUsedAsIs() throws Exception {
    String file = CliFixture.write(folder, "s.sig", RAW);

    assertThat(InputFiles.signature("--signature", file)).isEqualTo(RAW);
  }

  @Test
  void signatureWhenBase64WithLineBreaksThenDecoded() throws Exception {
    String file =
        CliFixture.write(
            folder,
            "s.b64",
            Base64.getMimeEncoder().encodeToString(RAW).getBytes(StandardCharsets.US_ASCII));

    assertThat(InputFiles.signature("--signature", file)).isEqualTo(RAW);
  }

  @Test
  void signatureWhenBase64MixesAlphabetsThenRefused() {
    String file = CliFixture.write(folder, "s.b64", "ab+c_d".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> InputFiles.signature("--signature", file))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("mixing base64");
  }

  @Test
  void signatureWhenBase64DoesNotDecodeThenRefusedNamingTheFile() {
    String file = CliFixture.write(folder, "s.b64", "abc=d".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> InputFiles.signature("--signature", file))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining(file)
        .hasMessageContaining("does not decode");
  }

  @Test
  void certificateWhenPemWithoutCertificateBlockThenRefused() {
    String file =
        CliFixture.write(
            folder,
            "key.pem",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
                .getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> InputFiles.certificate("--cert", file))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("PEM without a CERTIFICATE block");
  }

  @Test
  void certificateWhenPemBodyIsNotBase64ThenRefused() {
    String file =
        CliFixture.write(
            folder,
            "bad.pem",
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> InputFiles.certificate("--cert", file))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("not valid base64");
  }

  @Test
  void certificateWhenNotPemThenBytesPassedOnUnchanged() throws Exception {
    byte[] bytes = {0x30, 0x01, 0x00};
    String file = CliFixture.write(folder, "c.der", bytes);

    InputFiles.CertificateInput input = InputFiles.certificate("--cert", file);

    assertThat(input.der()).isEqualTo(bytes);
    assertThat(input.format()).isEqualTo("DER");
  }

  @Test
  void readWhenLargerThanTheCapThenRefused() {
    String file = CliFixture.write(folder, "big", new byte[InputFiles.MAX_INPUT_BYTES + 1]);

    assertThatThrownBy(() -> InputFiles.read("--message", file))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("more than " + InputFiles.MAX_INPUT_BYTES);
  }

  @Test
  void readWhenDirectoryThenRefused() {
    assertThatThrownBy(() -> InputFiles.read("--message", folder.toString()))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("is a directory");
  }
}
