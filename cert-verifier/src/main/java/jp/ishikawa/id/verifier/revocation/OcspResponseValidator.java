package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * Decides whether an OCSP response is a trustworthy statement about one certificate, following the
 * client duties of RFC 6960 §3.2, in this order; the first failure makes the status unknown:
 *
 * <ol>
 *   <li>the body is one DER {@code OCSPResponse} whose responseStatus is {@code successful}
 *       (§4.2.1: "a server produces the malformedRequest response…", none of which says anything
 *       about the certificate);
 *   <li>it is an {@code id-pkix-ocsp-basic} response signed with an accepted algorithm;
 *   <li>it is signed by an authorised responder ({@link OcspResponderAuthority}: the CA's key, or a
 *       certificate that key issued for OCSP signing, §4.2.2.2);
 *   <li>it echoes our nonce exactly (§4.4.1, RFC 8954): without it an attacker could replay an old
 *       "good" answer for a certificate revoked since;
 *   <li>it contains a SingleResponse for our CertID (serial, issuer name hash and issuer key hash);
 *   <li>that answer is fresh: thisUpdate not in the future, nextUpdate not past, or without a
 *       nextUpdate, thisUpdate within the configured maximum age (§4.2.2.1).
 * </ol>
 */
final class OcspResponseValidator {

  /**
   * Response signature algorithms we verify. SHA-1 and MD5 are refused: the signed data includes
   * our nonce, i.e. attacker-influenced bytes, which is what chosen-prefix collisions need.
   */
  private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS =
      Set.of(
          PKCSObjectIdentifiers.sha256WithRSAEncryption,
          PKCSObjectIdentifiers.sha384WithRSAEncryption,
          PKCSObjectIdentifiers.sha512WithRSAEncryption,
          PKCSObjectIdentifiers.id_RSASSA_PSS,
          X9ObjectIdentifiers.ecdsa_with_SHA256,
          X9ObjectIdentifiers.ecdsa_with_SHA384,
          X9ObjectIdentifiers.ecdsa_with_SHA512,
          EdECObjectIdentifiers.id_Ed25519);

  /**
   * One question put to a responder.
   *
   * @param certificate the certificate asked about
   * @param issuer the CA that issued it
   * @param nonce the nonce we sent
   * @param source the responder URL, for the status
   */
  record Question(
      X509Certificate certificate, X509Certificate issuer, byte[] nonce, String source) {}

  private final boolean requireNonce;
  private final Duration maxAge;
  private final Duration clockSkew;

  OcspResponseValidator(boolean requireNonce, Duration maxAge, Duration clockSkew) {
    this.requireNonce = requireNonce;
    this.maxAge = maxAge;
    this.clockSkew = clockSkew;
  }

  RevocationStatus validate(byte[] body, Question question, Instant now) {
    OCSPResp response;
    try {
      // fromByteArray refuses trailing bytes after the one DER object.
      response = new OCSPResp(OCSPResponse.getInstance(ASN1Primitive.fromByteArray(body)));
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return unknown(question, now, "malformed response");
    }
    if (response.getStatus() != OCSPResp.SUCCESSFUL) {
      return unknown(
          question, now, "responder answered " + responseStatusName(response.getStatus()));
    }
    BasicOCSPResp basic;
    try {
      if (!(response.getResponseObject() instanceof BasicOCSPResp parsed)) {
        return unknown(question, now, "not a basic OCSP response");
      }
      basic = parsed;
    } catch (OCSPException | IllegalArgumentException | IllegalStateException e) {
      return unknown(question, now, "malformed basic OCSP response");
    }
    if (!SIGNATURE_ALGORITHMS.contains(basic.getSignatureAlgOID())) {
      return unknown(
          question,
          now,
          "response signature algorithm " + basic.getSignatureAlgOID() + " is not accepted");
    }
    String signerProblem = OcspResponderAuthority.problem(basic, question.issuer(), now);
    if (signerProblem != null) {
      return unknown(question, now, signerProblem);
    }
    String nonceProblem = nonceProblem(basic, question.nonce());
    if (nonceProblem != null) {
      return unknown(question, now, nonceProblem);
    }
    SingleResp answer = answerFor(basic, question);
    if (answer == null) {
      return unknown(question, now, "the response has no answer for this certificate");
    }
    Instant thisUpdate = answer.getThisUpdate().toInstant();
    Instant nextUpdate = answer.getNextUpdate() == null ? null : answer.getNextUpdate().toInstant();
    String freshnessProblem = freshnessProblem(thisUpdate, nextUpdate, now);
    if (freshnessProblem != null) {
      return unknown(question, now, freshnessProblem);
    }
    CertificateStatus status = answer.getCertStatus();
    if (status == CertificateStatus.GOOD) {
      return RevocationStatus.good(Method.OCSP, question.source(), thisUpdate, nextUpdate, now);
    }
    if (status instanceof RevokedStatus revoked) {
      return RevocationStatus.revoked(
          Method.OCSP,
          question.source(),
          thisUpdate,
          nextUpdate,
          now,
          revoked.getRevocationTime().toInstant(),
          revoked.hasRevocationReason() ? CrlReasons.name(revoked.getRevocationReason()) : null);
    }
    if (status instanceof UnknownStatus) {
      return unknown(question, now, "responder does not know this certificate");
    }
    return unknown(question, now, "unrecognised certificate status");
  }

  private String nonceProblem(BasicOCSPResp basic, byte[] nonce) {
    Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (echoed == null) {
      return requireNonce ? "nonce missing from the response" : null;
    }
    byte[] expected;
    try {
      expected = new DEROctetString(nonce).getEncoded();
    } catch (IOException e) {
      return "cannot encode our nonce";
    }
    // A nonce that is there but wrong is refused even when nonces are optional: it is either a
    // replay or someone else's answer.
    return MessageDigest.isEqual(echoed.getExtnValue().getOctets(), expected)
        ? null
        : "nonce in the response does not match the request";
  }

  private static SingleResp answerFor(BasicOCSPResp basic, Question question) {
    for (SingleResp single : basic.getResponses()) {
      if (OcspCertificateId.matches(
          single.getCertID(), question.certificate(), question.issuer())) {
        return single;
      }
    }
    return null;
  }

  private String freshnessProblem(Instant thisUpdate, Instant nextUpdate, Instant now) {
    if (thisUpdate.isAfter(now.plus(clockSkew))) {
      return "thisUpdate " + thisUpdate + " is in the future";
    }
    if (nextUpdate != null) {
      return nextUpdate.isBefore(now.minus(clockSkew))
          ? "stale response: nextUpdate " + nextUpdate + " has passed"
          : null;
    }
    return thisUpdate.plus(maxAge).plus(clockSkew).isBefore(now)
        ? "stale response: thisUpdate " + thisUpdate + " is older than " + maxAge
        : null;
  }

  private static RevocationStatus unknown(Question question, Instant now, String detail) {
    return RevocationStatus.unknown(Method.OCSP, question.source(), now, detail);
  }

  /** RFC 6960 §4.2.1 OCSPResponseStatus names. */
  private static String responseStatusName(int status) {
    return switch (status) {
      case OCSPResp.MALFORMED_REQUEST -> "malformedRequest";
      case OCSPResp.INTERNAL_ERROR -> "internalError";
      case OCSPResp.TRY_LATER -> "tryLater";
      case OCSPResp.SIG_REQUIRED -> "sigRequired";
      case OCSPResp.UNAUTHORIZED -> "unauthorized";
      default -> "responseStatus " + status;
    };
  }
}
