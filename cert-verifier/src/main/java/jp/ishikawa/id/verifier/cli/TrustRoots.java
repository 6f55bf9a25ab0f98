package jp.ishikawa.id.verifier.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * Builds the {@link TrustStore} from the {@code --trust}, {@code --pin} and {@code
 * --allow-test-roots} options.
 *
 * <p>Each root serves the purpose its name says (JPKI.md §2: the authentication CA's name for
 * login, the signature CA's name for identity, in either hierarchy), so an operator can point
 * {@code --trust} at a folder holding every J-LIS root. A root whose name is not a JPKI CA name
 * serves {@code --purpose}. The trust store's own rules then apply unchanged: self-signed RSA CA
 * only, JPKI-TEST roots only with {@code --allow-test-roots}, production roots only with a pinned
 * fingerprint when {@code --pin} is given. Its refusal is the CLI's error message.
 */
final class TrustRoots {

  private TrustRoots() {}

  /**
   * @param unknownFamily the purpose of roots not named like a JPKI CA; empty to refuse them
   */
  static TrustStore load(
      List<String> locations,
      Optional<Purpose> unknownFamily,
      boolean allowTestRoots,
      List<String> pins)
      throws CommandException {
    TrustStore.Builder builder = TrustStore.builder().allowTestRoots(allowTestRoots);
    // The trust store names a refused root by fingerprint; the operator needs the file too.
    Map<String, Path> origins = new HashMap<>();
    try {
      builder.pinnedFingerprints(pins);
    } catch (IllegalArgumentException e) {
      throw new CommandException("--pin: " + e.getMessage(), e);
    }
    for (String location : locations) {
      for (Path file : files(location)) {
        for (X509Certificate root : certificates(file)) {
          Optional<Purpose> family = JpkiNames.familyOf(root.getSubjectX500Principal());
          Purpose purpose = family.or(() -> unknownFamily).orElse(null);
          if (purpose == null) {
            throw new CommandException(
                "--trust "
                    + file
                    + ": "
                    + root.getSubjectX500Principal().getName()
                    + " is not named like a JPKI CA; give --purpose to say which purpose it serves");
          }
          builder.add(purpose, root);
          origins.putIfAbsent(fingerprint(root), file);
        }
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      for (Map.Entry<String, Path> origin : origins.entrySet()) {
        if (message.contains(origin.getKey())) {
          throw new CommandException("--trust " + origin.getValue() + ": " + message, e);
        }
      }
      throw new CommandException("--trust: " + message, e);
    }
  }

  private static String fingerprint(X509Certificate root) throws CommandException {
    try {
      return Fingerprint.sha256(root.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new CommandException("--trust: a root cannot be encoded: " + e.getMessage(), e);
    }
  }

  private static List<Path> files(String location) throws CommandException {
    Path path = InputFiles.path("--trust", location);
    if (!java.nio.file.Files.exists(path)) {
      throw new CommandException("--trust " + location + ": no such file or directory");
    }
    try {
      return TrustStore.certificateFiles(path);
    } catch (IllegalArgumentException e) {
      throw new CommandException("--trust " + location + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CommandException("--trust " + location + ": cannot list: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(Path file) throws CommandException {
    byte[] bytes = InputFiles.read("--trust", file.toString());
    Collection<? extends Certificate> read;
    try {
      read =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw new CommandException(
          "--trust " + file + ": not a PEM or DER certificate: " + e.getMessage(), e);
    }
    if (read.isEmpty()) {
      throw new CommandException("--trust " + file + ": holds no certificate");
    }
    return read.stream().map(X509Certificate.class::cast).toList();
  }
}
