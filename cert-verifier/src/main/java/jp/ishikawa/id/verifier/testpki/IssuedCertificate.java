package jp.ishikawa.id.verifier.testpki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * A card certificate of the test PKI with its private key, able to sign the way a card does.
 *
 * @param certificate the leaf certificate
 * @param keyPair the card's keys
 */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

  public byte[] der() {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA256withRSA over {@code message}: what a correct client asks the card to do. */
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keyPair.getPrivate());
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * PKCS#1 v1.5 over a SHA-1 DigestInfo of {@code message}: what a card does when a client sends it
   * a SHA-1 DigestInfo (JPKI.md §1: the card does not enforce the hash).
   */
  public byte[] signSha1DigestInfo(byte[] message) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(message);
      byte[] digestInfo =
          new DigestInfo(
                  new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE), digest)
              .getEncoded();
      Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      rsa.init(Cipher.ENCRYPT_MODE, keyPair.getPrivate());
      return rsa.doFinal(digestInfo);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
