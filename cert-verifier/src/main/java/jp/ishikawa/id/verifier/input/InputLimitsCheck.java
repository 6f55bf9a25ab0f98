package jp.ishikawa.id.verifier.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Step 1, input limits: sizes within {@link InputLimits}, exactly one certificate, in DER.
 *
 * <p>Only DER is accepted because the credential fingerprint is taken over the bytes: a BER or
 * re-encoded variant of the same certificate would otherwise get a second fingerprint. PEM, base64
 * text, a certificate followed by another, and trailing bytes are refused, each with its own
 * reason.
 */
public final class InputLimitsCheck implements VerificationCheck {

  private final InputLimits limits;

  public InputLimitsCheck(InputLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public Step step() {
    return Step.INPUT;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    byte[] der = context.certificateBytes();
    if (der.length == 0) {
      return CheckOutcome.fail(Reason.EMPTY_INPUT, "no certificate was given");
    }
    if (context.signature().length == 0) {
      return CheckOutcome.fail(Reason.EMPTY_INPUT, "no signature was given");
    }
    if (context.message().length == 0) {
      return CheckOutcome.fail(Reason.EMPTY_INPUT, "no signed message was given");
    }
    if (der.length > limits.maxCertificateBytes()) {
      return CheckOutcome.fail(
          Reason.CERTIFICATE_TOO_LARGE,
          der.length + " bytes; at most " + limits.maxCertificateBytes() + " are accepted");
    }
    if (context.message().length > limits.maxMessageBytes()) {
      return CheckOutcome.fail(
          Reason.MESSAGE_TOO_LARGE,
          context.message().length
              + " bytes; at most "
              + limits.maxMessageBytes()
              + " are accepted");
    }
    if (context.signature().length > limits.maxSignatureBytes()) {
      return CheckOutcome.fail(
          Reason.SIGNATURE_TOO_LARGE,
          context.signature().length
              + " bytes; at most "
              + limits.maxSignatureBytes()
              + " are accepted");
    }
    CheckOutcome framing = checkFraming(der);
    if (!framing.passed()) {
      return framing;
    }
    if (context.remembered()) {
      // These exact bytes (same SHA-256) passed the DER and parse checks below before.
      return CheckOutcome.pass();
    }
    try {
      if (!Arrays.equals(
          Certificate.getInstance(ASN1Primitive.fromByteArray(der)).getEncoded(ASN1Encoding.DER),
          der)) {
        return CheckOutcome.fail(
            Reason.NOT_DER, "the certificate is BER or not canonically encoded; DER is required");
      }
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      context.certificate(certificate);
      return CheckOutcome.pass();
    } catch (IOException | CertificateException | IllegalArgumentException | ClassCastException e) {
      return CheckOutcome.fail(
          Reason.MALFORMED_CERTIFICATE,
          "not an X.509 certificate: " + e.getClass().getSimpleName());
    }
  }

  /** The outer SEQUENCE must be definite-length and cover the input exactly. */
  static CheckOutcome checkFraming(byte[] der) {
    if (looksLikeText(der)) {
      return CheckOutcome.fail(
          Reason.NOT_DER, "the certificate is text (PEM or base64); send the DER bytes");
    }
    if ((der[0] & 0xff) != 0x30) {
      return CheckOutcome.fail(Reason.MALFORMED_CERTIFICATE, "does not start with a DER SEQUENCE");
    }
    if (der.length < 2) {
      return CheckOutcome.fail(Reason.MALFORMED_CERTIFICATE, "truncated before the length");
    }
    int first = der[1] & 0xff;
    long length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else if (first == 0x80) {
      return CheckOutcome.fail(Reason.NOT_DER, "indefinite length (BER); DER is required");
    } else {
      int octets = first & 0x7f;
      if (octets > 4 || der.length < 2 + octets) {
        return CheckOutcome.fail(Reason.MALFORMED_CERTIFICATE, "impossible length field");
      }
      length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (der[2 + i] & 0xff);
      }
      header = 2 + octets;
    }
    long end = header + length;
    if (end > der.length) {
      return CheckOutcome.fail(
          Reason.MALFORMED_CERTIFICATE,
          "truncated: declares " + end + " bytes, " + der.length + " given");
    }
    if (end < der.length) {
      return (der[(int) end] & 0xff) == 0x30
          ? CheckOutcome.fail(
              Reason.MORE_THAN_ONE_CERTIFICATE,
              "a second DER object follows the certificate; send exactly one")
          : CheckOutcome.fail(
              Reason.MALFORMED_CERTIFICATE, (der.length - end) + " bytes follow the certificate");
    }
    return CheckOutcome.pass();
  }

  private static boolean looksLikeText(byte[] der) {
    int sample = Math.min(der.length, 64);
    for (int i = 0; i < sample; i++) {
      int b = der[i] & 0xff;
      boolean printable = b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7f);
      if (!printable) {
        return false;
      }
    }
    return true;
  }
}
