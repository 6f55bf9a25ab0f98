package jp.ishikawa.id.verifier.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes the responder certificates {@link TestOcspResponder} signs with. */
final class OcspResponderCertificates {

  private OcspResponderCertificates() {}

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A responder certificate for {@code subjectKeys}, signed by {@code issuerKey} under {@code
   * issuerName} (self-signed when that is the subject's own key and name).
   */
  static X509CertificateHolder issue(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuerName,
      PrivateKey issuerKey,
      boolean ocspSigning,
      Instant notBefore,
      Instant notAfter) {
    try {
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(notBefore.getEpochSecond()).add(BigInteger.TEN),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      if (ocspSigning) {
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
      }
      // RFC 6960 §4.2.2.2.1: clients need not check the responder certificate's own revocation.
      builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
      return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey));
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("could not make a responder certificate", e);
    }
  }
}
