package jp.ishikawa.id.verifier.revocation;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * Finds the trusted root whose key signed a CRL (RFC 5280 §6.3.3 (f)): among the anchors named like
 * the CRL issuer, narrowed by the CRL's authorityKeyIdentifier, the one whose key verifies the
 * signature and whose keyUsage allows cRLSign. All JPKI generations of a purpose share one DN
 * (JPKI.md §2), so the name alone proves nothing: a CRL signed by a look-alike key is refused.
 */
final class CrlSigningRoot {

  // DER of DigestInfo { AlgorithmIdentifier { sha256, NULL }, OCTET STRING (32 bytes) } up to the
  // digest (RFC 8017 §9.2 note 1).
  private static final byte[] SHA256_DIGEST_INFO_PREFIX =
      HexFormat.of().parseHex("3031300d060960864801650304020105000420");
  private static final int CRL_SIGN = 6;

  private CrlSigningRoot() {}

  /**
   * The outcome: the anchor that signed, or why none did.
   *
   * @param anchor the signing root, or null
   * @param refusal why no trusted root vouches for the CRL, or null
   */
  record Outcome(TrustAnchor anchor, String refusal) {}

  static Outcome find(ParsedCrl crl, TrustStore trustStore) {
    X500Principal issuer = crl.issuer();
    String issuerName = issuer.getName(X500Principal.RFC2253);
    List<TrustAnchor> named = new ArrayList<>();
    for (TrustAnchor anchor : trustStore.all()) {
      if (anchor.certificate().getSubjectX500Principal().equals(issuer)) {
        named.add(anchor);
      }
    }
    if (named.isEmpty()) {
      return new Outcome(null, "no trusted root is named " + issuerName);
    }
    List<TrustAnchor> candidates = named;
    byte[] keyId = crl.authorityKeyId();
    if (keyId != null) {
      candidates = new ArrayList<>();
      for (TrustAnchor anchor : named) {
        if (anchor.hasKeyIdentifier(keyId) || anchor.subjectKeyIdentifier().length == 0) {
          candidates.add(anchor);
        }
      }
      if (candidates.isEmpty()) {
        return new Outcome(
            null,
            "authorityKeyIdentifier "
                + HexFormat.of().withUpperCase().formatHex(keyId)
                + " matches none of the "
                + named.size()
                + " trusted roots named "
                + issuerName);
      }
    }
    byte[] digestInfo = new byte[SHA256_DIGEST_INFO_PREFIX.length + crl.tbsSha256().length];
    System.arraycopy(SHA256_DIGEST_INFO_PREFIX, 0, digestInfo, 0, SHA256_DIGEST_INFO_PREFIX.length);
    System.arraycopy(
        crl.tbsSha256(), 0, digestInfo, SHA256_DIGEST_INFO_PREFIX.length, crl.tbsSha256().length);
    List<String> notForCrls = new ArrayList<>();
    for (TrustAnchor anchor : candidates) {
      boolean[] keyUsage = anchor.certificate().getKeyUsage();
      if (keyUsage != null && (keyUsage.length <= CRL_SIGN || !keyUsage[CRL_SIGN])) {
        notForCrls.add(anchor.info().label());
        continue;
      }
      if (verifies(anchor, digestInfo, crl.signature())) {
        return new Outcome(anchor, null);
      }
    }
    if (!notForCrls.isEmpty() && notForCrls.size() == candidates.size()) {
      return new Outcome(
          null, "the root(s) " + String.join(", ", notForCrls) + " may not sign CRLs (cRLSign)");
    }
    return new Outcome(
        null,
        "the signature does not verify with any trusted root named "
            + issuerName
            + " (a look-alike key, or a corrupted CRL)");
  }

  /**
   * RSA PKCS #1 v1.5 over the DigestInfo of the digest computed while streaming: the same check as
   * SHA256withRSA over the tbsCertList, without reading the CRL once per candidate root.
   */
  private static boolean verifies(TrustAnchor anchor, byte[] digestInfo, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance("NONEwithRSA");
      signature.initVerify(anchor.publicKey());
      signature.update(digestInfo);
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException e) {
      // A signature of the wrong length for this key is simply not this key's signature.
      return false;
    }
  }
}
