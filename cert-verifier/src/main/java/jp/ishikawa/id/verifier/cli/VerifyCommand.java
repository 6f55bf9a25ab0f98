package jp.ishikawa.id.verifier.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * {@code verify}: runs the full {@link JpkiVerifier} pipeline on a certificate, a message and a
 * signature from files, exactly as the IdP would, and prints one JSON object ({@link
 * VerifyReport}). Exit 0 verified, 1 rejected, 2 for a usage or input problem.
 *
 * <p>The CLI adds no check of its own and relaxes none: what it reports is what the library
 * decided. It only turns files into the library's inputs (PEM certificates to DER, text signatures
 * to bytes) and the library's result into JSON.
 */
final class VerifyCommand {

  static final Set<String> SINGLE =
      Set.of("purpose", "cert", "message", "signature", "ocsp", "revocation", "at");
  static final Set<String> REPEATABLE = Set.of("trust", "crl", "pin");
  static final Set<String> FLAGS = Set.of("allow-test-roots", "show-facts");

  private VerifyCommand() {}

  static int run(List<String> arguments, Clock system, PrintStream out, PrintStream err)
      throws CommandException {
    CommandLine line = CommandLine.parse("verify", arguments, SINGLE, REPEATABLE, FLAGS);
    line.requireNoOperands();
    String purposeCode = line.required("purpose");
    Purpose purpose =
        Purpose.fromCode(purposeCode)
            .orElseThrow(
                () ->
                    new CommandException(
                        "verify: --purpose must be login or identity, not " + purposeCode));
    List<String> trustLocations = line.all("trust");
    if (trustLocations.isEmpty()) {
      throw new CommandException("verify: --trust is required (a root file or directory)");
    }
    String certificateFile = line.required("cert");
    String messageFile = line.required("message");
    String signatureFile = line.required("signature");
    Instant at = ValidationTime.of(line, system);
    Clock clock = ValidationTime.fixed(at);

    InputFiles.CertificateInput certificate = InputFiles.certificate("--cert", certificateFile);
    byte[] message = InputFiles.read("--message", messageFile);
    byte[] signature = InputFiles.signature("--signature", signatureFile);
    TrustStore trust =
        TrustRoots.load(
            trustLocations, Optional.of(purpose), line.flag("allow-test-roots"), line.all("pin"));
    if (trust.anchors(purpose).isEmpty()) {
      err.println(
          "note: no --trust root serves "
              + purpose.code()
              + " (roots are assigned by their name): the certificate cannot verify");
    }
    if (line.flag("show-facts")) {
      err.println(
          purpose == Purpose.IDENTITY
              ? "note: --show-facts prints personal data (name, birth date, gender, address);"
                  + " keep it out of tickets and logs"
              : "note: --show-facts has no effect for login: authentication certificates carry"
                  + " no basic facts");
    }

    try (RevocationSetup revocation = RevocationSetup.from(line, trust, clock, err)) {
      RecordingRevocationChecker recorder = new RecordingRevocationChecker(revocation.checker());
      JpkiVerifier verifier =
          JpkiVerifier.builder().trustStore(trust).revocationChecker(recorder).clock(clock).build();
      VerificationResult result = verifier.verify(purpose, certificate.der(), message, signature);
      Report report =
          VerifyReport.of(result, at, certificate.der(), trust, recorder, line.flag("show-facts"));
      out.print(report.toJson());
      out.flush();
      return result instanceof Verified
          ? CertVerifierCli.EXIT_VERIFIED
          : CertVerifierCli.EXIT_REJECTED;
    }
  }
}
