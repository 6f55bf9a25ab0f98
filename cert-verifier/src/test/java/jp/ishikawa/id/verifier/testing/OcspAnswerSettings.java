package jp.ishikawa.id.verifier.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPResp;

/** The knobs of {@link TestOcspResponder}; mutated under its lock, copied per request. */
final class OcspAnswerSettings {

  enum Answer {
    GOOD,
    REVOKED,
    UNKNOWN
  }

  enum Nonce {
    ECHO,
    WRONG,
    NONE
  }

  record Revocation(Instant at, int reason) {}

  /**
   * Who signs instead of the root.
   *
   * @param keys the signing keys
   * @param certificate the signer's certificate
   * @param included whether the certificate goes into the response
   */
  record Signer(KeyPair keys, X509CertificateHolder certificate, boolean included) {}

  Answer answer = Answer.GOOD;
  Instant revokedAt;
  int revocationReason = -1;
  Map<BigInteger, Revocation> revoked = new HashMap<>();
  boolean fixedUpdates;
  Instant thisUpdate;
  Instant nextUpdate;
  boolean certIdSha256;
  BigInteger answerSerial;
  TestRoot answerIssuer;
  Nonce nonce = Nonce.ECHO;
  Signer signer;
  String signatureAlgorithm = "SHA256withRSA";
  boolean corruptSignature;
  int responseStatus = OCSPResp.SUCCESSFUL;
  boolean nonBasic;
  int httpStatus = 200;
  String contentType = "application/ocsp-response";
  byte[] body;
  Duration delay;
  boolean hang;
  boolean closeWithoutAnswer;

  OcspAnswerSettings copy() {
    OcspAnswerSettings copy = new OcspAnswerSettings();
    copy.answer = answer;
    copy.revokedAt = revokedAt;
    copy.revocationReason = revocationReason;
    copy.revoked = new HashMap<>(revoked);
    copy.fixedUpdates = fixedUpdates;
    copy.thisUpdate = thisUpdate;
    copy.nextUpdate = nextUpdate;
    copy.certIdSha256 = certIdSha256;
    copy.answerSerial = answerSerial;
    copy.answerIssuer = answerIssuer;
    copy.nonce = nonce;
    copy.signer = signer;
    copy.signatureAlgorithm = signatureAlgorithm;
    copy.corruptSignature = corruptSignature;
    copy.responseStatus = responseStatus;
    copy.nonBasic = nonBasic;
    copy.httpStatus = httpStatus;
    copy.contentType = contentType;
    copy.body = body;
    copy.delay = delay;
    copy.hang = hang;
    copy.closeWithoutAnswer = closeWithoutAnswer;
    return copy;
  }
}
