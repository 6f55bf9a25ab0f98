package jp.ishikawa.id.verifier.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Writes the body of one {@link TestOcspResponder} answer from a request and the settings. */
final class OcspAnswerWriter {

  private final TestRoot issuer;
  private final Instant now;
  private final OcspAnswerSettings settings;

  OcspAnswerWriter(TestRoot issuer, Instant now, OcspAnswerSettings settings) {
    this.issuer = issuer;
    this.now = now;
    this.settings = settings;
  }

  /** The response body; {@code request} is null when the request did not parse. */
  byte[] write(OCSPReq request) {
    if (settings.body != null) {
      return settings.body.clone();
    }
    try {
      if (request == null) {
        return new OCSPRespBuilder().build(OCSPResp.MALFORMED_REQUEST, null).getEncoded();
      }
      if (settings.responseStatus != OCSPResp.SUCCESSFUL) {
        return new OCSPRespBuilder().build(settings.responseStatus, null).getEncoded();
      }
      if (settings.nonBasic) {
        ResponseBytes other =
            new ResponseBytes(
                new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1.99"),
                new DEROctetString(new byte[] {0x05, 0x00}));
        return new OCSPResp(new OCSPResponse(new OCSPResponseStatus(OCSPResp.SUCCESSFUL), other))
            .getEncoded();
      }
      return new OCSPRespBuilder().build(OCSPResp.SUCCESSFUL, basic(request)).getEncoded();
    } catch (IOException
        | OCSPException
        | OperatorCreationException
        | CertificateEncodingException e) {
      throw new IllegalStateException("the test OCSP responder could not answer", e);
    }
  }

  private BasicOCSPResp basic(OCSPReq request)
      throws OCSPException, OperatorCreationException, CertificateEncodingException, IOException {
    OcspAnswerSettings.Signer signer = settings.signer;
    PrivateKey key = signer != null ? signer.keys().getPrivate() : issuer.keyPair().getPrivate();
    X500Name signerName =
        signer != null
            ? signer.certificate().getSubject()
            : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    X509CertificateHolder[] chain =
        signer != null && signer.included()
            ? new X509CertificateHolder[] {signer.certificate()}
            : new X509CertificateHolder[0];

    Instant thisUpdate = settings.fixedUpdates ? settings.thisUpdate : now;
    Instant nextUpdate =
        settings.fixedUpdates ? settings.nextUpdate : now.plus(Duration.ofHours(1));

    BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(signerName));
    for (Req asked : request.getRequestList()) {
      builder.addResponse(
          answeredId(asked.getCertID()),
          status(asked.getCertID()),
          Date.from(thisUpdate),
          nextUpdate == null ? null : Date.from(nextUpdate),
          null);
    }
    Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (nonce != null && settings.nonce != OcspAnswerSettings.Nonce.NONE) {
      Extension echoed =
          settings.nonce == OcspAnswerSettings.Nonce.ECHO
              ? nonce
              : new Extension(
                  OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                  false,
                  new DEROctetString(
                      new DEROctetString(
                              "not the nonce you sent".getBytes(StandardCharsets.US_ASCII))
                          .getEncoded()));
      builder.setResponseExtensions(new Extensions(echoed));
    }
    BasicOCSPResp signed =
        builder.build(
            new JcaContentSignerBuilder(settings.signatureAlgorithm).build(key),
            chain,
            Date.from(now));
    return settings.corruptSignature ? corrupted(signed) : signed;
  }

  private CertificateStatus status(CertificateID asked)
      throws OCSPException, CertificateEncodingException, OperatorCreationException {
    if (!asked.matchesIssuer(new JcaX509CertificateHolder(issuer.certificate()), digests())) {
      return new UnknownStatus();
    }
    OcspAnswerSettings.Revocation revocation = settings.revoked.get(asked.getSerialNumber());
    if (revocation != null) {
      return revokedStatus(revocation.at(), revocation.reason());
    }
    return switch (settings.answer) {
      case GOOD -> CertificateStatus.GOOD;
      case REVOKED -> revokedStatus(settings.revokedAt, settings.revocationReason);
      case UNKNOWN -> new UnknownStatus();
    };
  }

  private static RevokedStatus revokedStatus(Instant at, int reason) {
    return reason >= 0
        ? new RevokedStatus(Date.from(at), reason)
        : new RevokedStatus(Date.from(at));
  }

  private CertificateID answeredId(CertificateID asked)
      throws OCSPException, CertificateEncodingException, OperatorCreationException {
    if (!settings.certIdSha256 && settings.answerSerial == null && settings.answerIssuer == null) {
      return asked;
    }
    TestRoot named = settings.answerIssuer != null ? settings.answerIssuer : issuer;
    DigestCalculator digest =
        digests()
            .get(
                settings.certIdSha256
                    ? new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)
                    : CertificateID.HASH_SHA1);
    return new CertificateID(
        digest,
        new JcaX509CertificateHolder(named.certificate()),
        settings.answerSerial != null ? settings.answerSerial : asked.getSerialNumber());
  }

  private static DigestCalculatorProvider digests() throws OperatorCreationException {
    return new JcaDigestCalculatorProviderBuilder().build();
  }

  private static BasicOCSPResp corrupted(BasicOCSPResp signed) throws IOException {
    BasicOCSPResponse structure = BasicOCSPResponse.getInstance(signed.getEncoded());
    byte[] signature = structure.getSignature().getBytes();
    byte[] flipped = Arrays.copyOf(signature, signature.length);
    flipped[flipped.length / 2] ^= 0x01;
    return new BasicOCSPResp(
        new BasicOCSPResponse(
            structure.getTbsResponseData(),
            structure.getSignatureAlgorithm(),
            new DERBitString(flipped),
            structure.getCerts()));
  }
}
