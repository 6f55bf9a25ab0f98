package jp.ishikawa.id.verifier.testpki;

import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * A root of the test PKI with its private key.
 *
 * @param purpose which family it belongs to
 * @param generation 0 for the oldest
 * @param certificate the self-signed root
 * @param keyPair its keys
 */
public record TestRoot(
    Purpose purpose, int generation, X509Certificate certificate, KeyPair keyPair) {

  public byte[] der() {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TestRoot[" + purpose.code() + " generation " + generation + "]";
  }
}
