package jp.ishikawa.id.verifier.revocation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * The CertID of RFC 6960 §4.1.1: hash of the issuer's name, hash of the issuer's public key, and
 * the serial. The key hash matters for JPKI, where every root generation of a purpose has the same
 * name (JPKI.md §2): an answer about a look-alike or older root's certificate has the same name
 * hash and serial space, and only the key hash tells them apart.
 */
final class OcspCertificateId {

  private OcspCertificateId() {}

  /** The CertID we ask with: SHA-1, the algorithm RFC 6960 responders must understand. */
  static CertificateID sha1(X509Certificate certificate, X509Certificate issuer) {
    AlgorithmIdentifier sha1 =
        new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE);
    return new CertificateID(
        new CertID(
            sha1,
            new DEROctetString(digest("SHA-1", issuerName(certificate))),
            new DEROctetString(digest("SHA-1", issuerKey(issuer))),
            new ASN1Integer(certificate.getSerialNumber())));
  }

  /**
   * Whether a response's CertID names {@code certificate} issued by {@code issuer}'s key. SHA-1 and
   * SHA-256 CertIDs are understood; any other hash algorithm never matches.
   */
  static boolean matches(CertificateID id, X509Certificate certificate, X509Certificate issuer) {
    if (!id.getSerialNumber().equals(certificate.getSerialNumber())) {
      return false;
    }
    String algorithm = digestName(id.getHashAlgOID());
    if (algorithm == null) {
      return false;
    }
    return MessageDigest.isEqual(id.getIssuerNameHash(), digest(algorithm, issuerName(certificate)))
        && MessageDigest.isEqual(id.getIssuerKeyHash(), digest(algorithm, issuerKey(issuer)));
  }

  private static String digestName(ASN1ObjectIdentifier oid) {
    if (OIWObjectIdentifiers.idSHA1.equals(oid)) {
      return "SHA-1";
    }
    if (NISTObjectIdentifiers.id_sha256.equals(oid)) {
      return "SHA-256";
    }
    return null;
  }

  /** RFC 6960: "the DER encoding of the issuer's name field in the certificate being checked". */
  private static byte[] issuerName(X509Certificate certificate) {
    return certificate.getIssuerX500Principal().getEncoded();
  }

  /** RFC 6960: "the value of the BIT STRING subjectPublicKey (excluding the tag, length…)". */
  private static byte[] issuerKey(X509Certificate issuer) {
    return SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())
        .getPublicKeyData()
        .getBytes();
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1 and SHA-256 (MessageDigest's Javadoc).
      throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
    }
  }
}
