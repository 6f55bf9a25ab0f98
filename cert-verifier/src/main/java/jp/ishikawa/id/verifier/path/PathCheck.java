package jp.ishikawa.id.verifier.path;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Step 3, path to a pinned root. JPKI leaves are issued directly by a self-signed root, and every
 * generation of a purpose shares one subject DN (JPKI.md §2), so the issuer is chosen by key: the
 * certificate's authority key identifier selects the candidate roots, and the certificate's
 * signature must verify with the candidate's public key. The name alone never selects a root.
 *
 * <p>Threats: a look-alike root with the J-LIS DN and another key ({@link Reason#UNKNOWN_ROOT}); a
 * certificate that copies a real root's key identifier but was signed by someone else ({@link
 * Reason#BAD_CERTIFICATE_SIGNATURE}); a generation the operator has not configured ({@link
 * Reason#UNKNOWN_ROOT}).
 */
public final class PathCheck implements VerificationCheck {

  private final TrustStore trustStore;

  public PathCheck(TrustStore trustStore) {
    this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
  }

  /** Depends on the certificate, the purpose and the trust store (or profile) only. */
  @Override
  public boolean certificateOnly() {
    return true;
  }

  @Override
  public Step step() {
    return Step.PATH;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    X509Certificate certificate = context.certificate();
    List<TrustAnchor> sameName =
        trustStore.anchors(context.purpose(), certificate.getIssuerX500Principal());
    byte[] keyIdentifier = authorityKeyIdentifier(certificate);
    List<TrustAnchor> candidates = new ArrayList<>(sameName.size());
    for (TrustAnchor anchor : sameName) {
      // A root without an SKI, or a certificate without an AKI, can only be matched by signature.
      if (keyIdentifier.length == 0
          || anchor.subjectKeyIdentifier().length == 0
          || anchor.hasKeyIdentifier(keyIdentifier)) {
        candidates.add(anchor);
      }
    }
    if (candidates.isEmpty()) {
      return CheckOutcome.fail(
          Reason.UNKNOWN_ROOT,
          "no configured root has key identifier "
              + HexFormat.of().withUpperCase().formatHex(keyIdentifier)
              + " ("
              + sameName.size()
              + " root(s) share the issuer name)");
    }
    for (TrustAnchor candidate : candidates) {
      if (signedBy(certificate, candidate)) {
        context.anchor(candidate);
        return CheckOutcome.pass();
      }
    }
    boolean matchedByIdentifier =
        keyIdentifier.length > 0
            && candidates.stream().anyMatch(a -> a.hasKeyIdentifier(keyIdentifier));
    return matchedByIdentifier
        ? CheckOutcome.fail(
            Reason.BAD_CERTIFICATE_SIGNATURE,
            "the certificate names root "
                + candidates.getFirst().info().label()
                + " but its signature does not verify with that root's key")
        : CheckOutcome.fail(
            Reason.UNKNOWN_ROOT,
            "the certificate's signature verifies with none of the "
                + candidates.size()
                + " configured root(s) of that name");
  }

  private static boolean signedBy(X509Certificate certificate, TrustAnchor anchor) {
    try {
      certificate.verify(anchor.publicKey());
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The key identifier of the authority key identifier extension, or an empty array. */
  static byte[] authorityKeyIdentifier(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (value == null) {
      return new byte[0];
    }
    try {
      ASN1OctetString id =
          AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets())
              .getKeyIdentifierObject();
      return id == null ? new byte[0] : id.getOctets();
    } catch (IllegalArgumentException e) {
      // A malformed AKI selects nothing: the signature alone decides, as for a missing one.
      return new byte[0];
    }
  }
}
