package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RevocationStatus.Method;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;

/**
 * Asks an OCSP responder (RFC 6960) whether a card certificate is revoked.
 *
 * <p>The request names the certificate by a SHA-1 CertID and carries a fresh random nonce (§4.4.1,
 * RFC 8954); it is POSTed as {@code application/ocsp-request} to the configured responder, or else
 * to the certificate's AIA id-ad-ocsp URL (JPKI authentication certificates carry {@code
 * http://ocspauthnorm.jpki.go.jp}). One timeout covers connecting and reading the whole response,
 * and the response size is capped. The response is then checked by {@link OcspResponseValidator}:
 * successful, basic, signed by the CA or its authorised responder, nonce echoed, an answer for our
 * CertID, fresh.
 *
 * <p>Every failure — unreachable, slow, malformed, badly signed, replayed, stale — is an {@link
 * RevocationStatus.State#UNKNOWN} status with the responder URL and a short reason; it is never
 * GOOD and never an exception. Whether unknown rejects the certificate is the {@link
 * RevocationPolicy}'s decision.
 *
 * <p>Thread-safe; build one and share it (it owns one HTTP client).
 */
public final class OcspRevocationChecker implements RevocationChecker {

  /** Larger than any honest single-certificate response, small enough to buffer per login. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  /** RFC 8954 §2.1: a nonce of 32 octets is recommended, and responders must accept that size. */
  private static final int NONCE_BYTES = 32;

  private final URI responderUrl;
  private final SecureRandom random;
  private final OcspHttpTransport transport;
  private final OcspResponseValidator validator;

  private OcspRevocationChecker(Builder builder) {
    this.responderUrl = builder.responderUrl;
    this.random = builder.random != null ? builder.random : new SecureRandom();
    this.transport = new OcspHttpTransport(builder.timeout, MAX_RESPONSE_BYTES);
    this.validator =
        new OcspResponseValidator(builder.requireNonce, builder.maxAge, builder.clockSkew);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public RevocationStatus check(X509Certificate certificate, X509Certificate issuer, Instant now) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(now, "now");
    URI responder;
    if (responderUrl != null) {
      responder = responderUrl;
    } else {
      String location = aiaOcspLocation(certificate);
      if (location == null) {
        return RevocationStatus.unknown(Method.OCSP, "none", now, "no OCSP responder");
      }
      responder = httpUri(location);
      if (responder == null) {
        return RevocationStatus.unknown(
            Method.OCSP, location, now, "the certificate's OCSP URL is not an http(s) URL");
      }
    }
    String source = responder.toString();

    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] request;
    try {
      request = request(certificate, issuer, nonce);
    } catch (OCSPException | IOException e) {
      return RevocationStatus.unknown(
          Method.OCSP, source, now, "cannot build the request: " + e.getMessage());
    }

    return switch (transport.post(responder, request)) {
      case OcspHttpTransport.Failure failure ->
          RevocationStatus.unknown(Method.OCSP, source, now, failure.reason());
      case OcspHttpTransport.Answer answer -> {
        try {
          yield validator.validate(
              answer.body(),
              new OcspResponseValidator.Question(certificate, issuer, nonce, source),
              now);
        } catch (IllegalArgumentException | IllegalStateException e) {
          // BouncyCastle parses some response fields lazily and signals bad ASN.1 this way.
          yield RevocationStatus.unknown(Method.OCSP, source, now, "malformed response");
        }
      }
    };
  }

  private static byte[] request(X509Certificate certificate, X509Certificate issuer, byte[] nonce)
      throws OCSPException, IOException {
    Extension nonceExtension =
        new Extension(
            OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
            false,
            new DEROctetString(new DEROctetString(nonce).getEncoded()));
    return new OCSPReqBuilder()
        .addRequest(OcspCertificateId.sha1(certificate, issuer))
        .setRequestExtensions(new Extensions(nonceExtension))
        .build()
        .getEncoded();
  }

  /** The first id-ad-ocsp URI of the AIA extension (RFC 5280 §4.2.2.1), or null. */
  private static String aiaOcspLocation(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
    if (extension == null) {
      return null;
    }
    AuthorityInformationAccess access;
    try {
      access =
          AuthorityInformationAccess.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return null;
    }
    for (AccessDescription description : access.getAccessDescriptions()) {
      GeneralName location = description.getAccessLocation();
      if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())
          && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
        return ASN1IA5String.getInstance(location.getName()).getString();
      }
    }
    return null;
  }

  private static URI httpUri(String location) {
    try {
      URI uri = new URI(location);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          ? uri
          : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Configures an {@link OcspRevocationChecker}; every setting has a safe default. */
  public static final class Builder {
    private URI responderUrl;
    private Duration timeout = Duration.ofSeconds(5);
    private boolean requireNonce = true;
    private Duration maxAge = Duration.ofHours(1);
    private Duration clockSkew = Duration.ofMinutes(1);
    private SecureRandom random;

    private Builder() {}

    /**
     * Ask this responder for every certificate, whatever its AIA says. By default the certificate's
     * AIA id-ad-ocsp URL is used; without one the status is unknown.
     */
    public Builder responderUrl(URI url) {
      Objects.requireNonNull(url, "url");
      if (httpUri(url.toString()) == null) {
        throw new IllegalArgumentException("the OCSP responder URL must be http or https: " + url);
      }
      this.responderUrl = url;
      return this;
    }

    /** How long connecting plus receiving the whole response may take; 5 seconds by default. */
    public Builder timeout(Duration value) {
      this.timeout = positive(value, "timeout");
      return this;
    }

    /**
     * Whether the response must echo our nonce; true by default. With false, a response without a
     * nonce (a responder serving pre-produced answers) is accepted, a wrong one still is not.
     */
    public Builder requireNonce(boolean value) {
      this.requireNonce = value;
      return this;
    }

    /** How old thisUpdate may be when the response has no nextUpdate; 1 hour by default. */
    public Builder maxAge(Duration value) {
      this.maxAge = positive(value, "maxAge");
      return this;
    }

    /** Tolerance between our clock and the responder's; 1 minute by default. */
    public Builder clockSkew(Duration value) {
      Objects.requireNonNull(value, "clockSkew");
      if (value.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative");
      }
      this.clockSkew = value;
      return this;
    }

    /** The source of nonces; a new {@link SecureRandom} by default. */
    public Builder random(SecureRandom value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    public OcspRevocationChecker build() {
      return new OcspRevocationChecker(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }
  }
}
