package jp.ishikawa.id.verifier.path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RootInfo;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The configured roots per purpose: immutable, built once, shared by every verification.
 *
 * <p>The builder refuses, with a message an operator can act on: a certificate that is not a
 * self-signed RSA CA able to sign certificates; a test root ({@code O=JPKI-TEST}) unless test roots
 * are allowed; a production root whose fingerprint is not in the pin list when one is given; an
 * empty store. A bad trust store stops the service at start-up instead of failing logins later.
 */
public final class TrustStore {

  private final Map<Purpose, List<TrustAnchor>> anchors;
  private final boolean allowTestRoots;

  private TrustStore(Map<Purpose, List<TrustAnchor>> anchors, boolean allowTestRoots) {
    this.anchors = anchors;
    this.allowTestRoots = allowTestRoots;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every anchor of {@code purpose}. */
  public List<TrustAnchor> anchors(Purpose purpose) {
    return anchors.get(purpose);
  }

  /** The anchors of {@code purpose} whose subject is {@code subject} (all generations). */
  public List<TrustAnchor> anchors(Purpose purpose, X500Principal subject) {
    List<TrustAnchor> matching = new ArrayList<>(3);
    byte[] encoded = subject.getEncoded();
    for (TrustAnchor anchor : anchors.get(purpose)) {
      X500Principal name = anchor.certificate().getSubjectX500Principal();
      // Identical DER is the same name; only a differently encoded name needs equals(), whose
      // RFC 2253 canonicalisation is a measurable part of a login (docs/performance.md).
      if (Arrays.equals(name.getEncoded(), encoded) || name.equals(subject)) {
        matching.add(anchor);
      }
    }
    return matching;
  }

  /** Every anchor of every purpose. */
  public List<TrustAnchor> all() {
    List<TrustAnchor> all = new ArrayList<>();
    anchors.values().forEach(all::addAll);
    return all;
  }

  public boolean allowsTestRoots() {
    return allowTestRoots;
  }

  /** Builds a {@link TrustStore}. */
  public static final class Builder {
    private final Map<Purpose, List<X509Certificate>> certificates = new EnumMap<>(Purpose.class);
    private final Set<String> pinned = new HashSet<>();
    private boolean allowTestRoots;

    private Builder() {
      for (Purpose purpose : Purpose.values()) {
        certificates.put(purpose, new ArrayList<>());
      }
    }

    /** Whether roots of the J-LIS test hierarchy ({@code O=JPKI-TEST}) may be loaded. */
    public Builder allowTestRoots(boolean allow) {
      this.allowTestRoots = allow;
      return this;
    }

    /**
     * SHA-256 fingerprints that every production (non-test) anchor must match. When none are given
     * any root the operator configured is accepted; {@link JpkiRoots#productionFingerprints()} is
     * the list for J-LIS roots.
     */
    public Builder pinnedFingerprints(Collection<String> fingerprints) {
      fingerprints.forEach(fingerprint -> pinned.add(Fingerprint.normalise(fingerprint)));
      return this;
    }

    public Builder add(Purpose purpose, X509Certificate root) {
      certificates.get(purpose).add(root);
      return this;
    }

    /**
     * Loads every certificate from a PEM or DER file, or from every {@code .pem}, {@code .crt},
     * {@code .cer} and {@code .der} file of a directory.
     */
    public Builder load(Purpose purpose, Path fileOrDirectory) throws IOException {
      for (Path file : certificateFiles(fileOrDirectory)) {
        try (InputStream in = Files.newInputStream(file)) {
          Collection<? extends java.security.cert.Certificate> read =
              CertificateFactory.getInstance("X.509").generateCertificates(in);
          if (read.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate");
          }
          for (java.security.cert.Certificate certificate : read) {
            add(purpose, (X509Certificate) certificate);
          }
        } catch (CertificateException e) {
          throw new IllegalArgumentException(file + " is not a PEM or DER certificate", e);
        }
      }
      return this;
    }

    public TrustStore build() {
      Map<Purpose, List<TrustAnchor>> built = new EnumMap<>(Purpose.class);
      Set<String> seen = new HashSet<>();
      for (Purpose purpose : Purpose.values()) {
        List<TrustAnchor> list = new ArrayList<>();
        for (X509Certificate certificate : certificates.get(purpose)) {
          TrustAnchor anchor = anchor(purpose, certificate);
          if (seen.add(purpose.code() + anchor.info().sha256Fingerprint())) {
            list.add(anchor);
          }
        }
        built.put(purpose, List.copyOf(list));
      }
      if (built.values().stream().allMatch(List::isEmpty)) {
        throw new IllegalArgumentException("the trust store is empty: configure at least one root");
      }
      return new TrustStore(built, allowTestRoots);
    }

    private TrustAnchor anchor(Purpose purpose, X509Certificate certificate) {
      String fingerprint;
      try {
        fingerprint = Fingerprint.sha256(certificate.getEncoded());
      } catch (CertificateException e) {
        throw new IllegalArgumentException("a root cannot be encoded", e);
      }
      String name = "root " + fingerprint;
      if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        throw new IllegalArgumentException(name + " is not self-signed: JPKI roots are");
      }
      try {
        certificate.verify(certificate.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(name + " does not verify with its own key", e);
      }
      if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
        throw new IllegalArgumentException(name + " does not have an RSA key");
      }
      if (certificate.getBasicConstraints() < 0) {
        throw new IllegalArgumentException(name + " is not a CA (basicConstraints CA:TRUE)");
      }
      boolean[] keyUsage = certificate.getKeyUsage();
      if (keyUsage != null && (keyUsage.length < 6 || !keyUsage[5])) {
        throw new IllegalArgumentException(name + " may not sign certificates (keyCertSign)");
      }
      boolean test = JpkiNames.isTestName(certificate.getSubjectX500Principal());
      if (test && !allowTestRoots) {
        throw new IllegalArgumentException(
            name
                + " is a JPKI-TEST root; test roots are refused unless allow-test-roots is set"
                + " (never in production)");
      }
      if (!test && !pinned.isEmpty() && !pinned.contains(fingerprint)) {
        throw new IllegalArgumentException(
            name
                + " is not in the pinned fingerprint list; check it against J-LIS's published value");
      }
      byte[] ski = subjectKeyIdentifier(certificate);
      String skiHex = HexFormat.of().withUpperCase().formatHex(ski);
      String label =
          JpkiRoots.nameOf(fingerprint, skiHex)
              .orElseGet(
                  () ->
                      String.join(" ", JpkiNames.values(certificate.getSubjectX500Principal(), "O"))
                          + " "
                          + purpose.code()
                          + " "
                          + certificate
                              .getNotBefore()
                              .toInstant()
                              .atZone(ZoneOffset.UTC)
                              .toLocalDate());
      RootInfo info =
          new RootInfo(
              label,
              certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
              certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
              fingerprint,
              certificate.getNotBefore().toInstant(),
              certificate.getNotAfter().toInstant(),
              test);
      return new TrustAnchor(certificate, purpose, info, ski);
    }
  }

  /**
   * The certificate files a trust anchor location names: the file itself, or every {@code .pem},
   * {@code .crt}, {@code .cer} and {@code .der} file of a directory, sorted.
   *
   * @throws IllegalArgumentException if it is neither, or the directory holds none
   */
  public static List<Path> certificateFiles(Path fileOrDirectory) throws IOException {
    if (Files.isRegularFile(fileOrDirectory)) {
      return List.of(fileOrDirectory);
    }
    if (!Files.isDirectory(fileOrDirectory)) {
      throw new IllegalArgumentException(fileOrDirectory + " is neither a file nor a directory");
    }
    try (Stream<Path> listing = Files.list(fileOrDirectory)) {
      List<Path> files =
          listing
              .filter(Files::isRegularFile)
              .filter(
                  file -> {
                    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    return name.endsWith(".pem")
                        || name.endsWith(".crt")
                        || name.endsWith(".cer")
                        || name.endsWith(".der");
                  })
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException(fileOrDirectory + " holds no .pem/.crt/.cer/.der file");
      }
      return files;
    }
  }

  /** The key identifier of a certificate's SKI extension, or an empty array. */
  public static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (value == null) {
      return new byte[0];
    }
    return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets())
        .getKeyIdentifier();
  }
}
