package jp.ishikawa.id.verifier.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Whether an OCSP response was signed by someone allowed to speak for the certificate's CA (RFC
 * 6960 §4.2.2.2): the CA itself, or an "Authorized Responder" whose certificate "MUST be issued
 * directly by the CA that is identified in the request" and carries id-kp-OCSPSigning in its
 * extKeyUsage. "Issued by the CA" is checked by the CA's key, never by name: every JPKI root
 * generation, and any look-alike, has the same name (JPKI.md §2).
 *
 * <p>Threat: anyone can run an HTTP server and sign a "good" answer; only the CA's key or its
 * delegate can make that answer count.
 */
final class OcspResponderAuthority {

  private OcspResponderAuthority() {}

  /**
   * Null when {@code response} is signed by {@code issuer}'s key or by an authorised responder
   * certificate it includes; otherwise why not.
   */
  static String problem(BasicOCSPResp response, X509Certificate issuer, Instant now) {
    ContentVerifierProvider issuerKey;
    try {
      issuerKey = new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey());
    } catch (OperatorCreationException e) {
      return "cannot use the issuer's key: " + e.getMessage();
    }
    if (verifies(response, issuerKey)) {
      return null;
    }
    X509CertificateHolder[] included = response.getCerts();
    if (included.length == 0) {
      return "response signature does not verify with the issuer's key"
          + " and no responder certificate is included";
    }
    String firstProblem = null;
    for (X509CertificateHolder candidate : included) {
      String problem = delegateProblem(response, candidate, issuerKey, now);
      if (problem == null) {
        return null;
      }
      if (firstProblem == null) {
        firstProblem = problem;
      }
    }
    return firstProblem;
  }

  private static String delegateProblem(
      BasicOCSPResp response,
      X509CertificateHolder candidate,
      ContentVerifierProvider issuerKey,
      Instant now) {
    String name = "responder certificate " + candidate.getSubject();
    if (!issuedBy(candidate, issuerKey)) {
      return name + " is not issued by the certificate's CA key";
    }
    ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(candidate.getExtensions());
    if (usage == null || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
      return name + " lacks extKeyUsage id-kp-OCSPSigning";
    }
    Instant notBefore = candidate.getNotBefore().toInstant();
    Instant notAfter = candidate.getNotAfter().toInstant();
    if (now.isBefore(notBefore) || now.isAfter(notAfter)) {
      return name + " is not valid at " + now + " (valid " + notBefore + " to " + notAfter + ")";
    }
    ContentVerifierProvider responderKey;
    try {
      responderKey = new JcaContentVerifierProviderBuilder().build(candidate);
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      return name + " has an unusable key";
    }
    return verifies(response, responderKey)
        ? null
        : "response signature does not verify with " + name;
  }

  private static boolean issuedBy(X509CertificateHolder candidate, ContentVerifierProvider key) {
    try {
      return candidate.isSignatureValid(key);
    } catch (CertException | IllegalArgumentException | IllegalStateException e) {
      return false;
    }
  }

  private static boolean verifies(BasicOCSPResp response, ContentVerifierProvider key) {
    try {
      return response.isSignatureValid(key);
    } catch (OCSPException | IllegalArgumentException | IllegalStateException e) {
      // A key of the wrong type for the algorithm cannot have made the signature.
      return false;
    }
  }
}
