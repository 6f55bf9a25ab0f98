package jp.ishikawa.id.verifier.model;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A configured root (J-LIS CA self-signed certificate) for one purpose. Several generations of a
 * purpose share one subject DN, so an anchor is told apart by its key: the subject key identifier
 * and the public key itself.
 *
 * @param certificate the self-signed root
 * @param purpose which purpose it certifies
 * @param info the summary that verification results and the CLI show
 * @param subjectKeyIdentifier the SKI extension's key identifier, or an empty array when absent
 */
public record TrustAnchor(
    X509Certificate certificate, Purpose purpose, RootInfo info, byte[] subjectKeyIdentifier) {

  public TrustAnchor {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(info, "info");
    subjectKeyIdentifier =
        subjectKeyIdentifier == null ? new byte[0] : subjectKeyIdentifier.clone();
  }

  public PublicKey publicKey() {
    return certificate.getPublicKey();
  }

  @Override
  public byte[] subjectKeyIdentifier() {
    return subjectKeyIdentifier.clone();
  }

  /** Whether this anchor's SKI equals {@code keyIdentifier} (constant data, not a secret). */
  public boolean hasKeyIdentifier(byte[] keyIdentifier) {
    return subjectKeyIdentifier.length > 0 && Arrays.equals(subjectKeyIdentifier, keyIdentifier);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrustAnchor that
        && purpose == that.purpose
        && info.sha256Fingerprint().equals(that.info.sha256Fingerprint());
  }

  @Override
  public int hashCode() {
    return Objects.hash(purpose, info.sha256Fingerprint());
  }

  @Override
  public String toString() {
    return "TrustAnchor[" + purpose.code() + ", " + info.label() + "]";
  }
}
