package jp.ishikawa.id.verifier.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.path.TrustStore;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * Reads the fields of a certificate that {@code inspect} shows, in readable form: key usage names,
 * policy and extended key usage names, distribution point names, the AIA OCSP URL and the authority
 * key identifier. Nothing here judges the certificate; unreadable extensions are shown as such
 * rather than hidden.
 */
final class CertificateView {

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private static final String[] KEY_USAGE_NAMES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };

  private static final Map<String, String> KNOWN_OIDS =
      Map.of(
          JpkiOids.CLIENT_AUTH,
          "clientAuth",
          "1.3.6.1.5.5.7.3.1",
          "serverAuth",
          "1.3.6.1.5.5.7.3.4",
          "emailProtection",
          "1.3.6.1.5.5.7.3.9",
          "OCSPSigning",
          JpkiOids.AUTHENTICATION_POLICY,
          "JPKI authentication policy",
          JpkiOids.SIGNATURE_POLICY,
          "JPKI signature policy");

  private final X509Certificate certificate;

  CertificateView(X509Certificate certificate) {
    this.certificate = certificate;
  }

  X509Certificate certificate() {
    return certificate;
  }

  String serialHex() {
    return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
  }

  String key() {
    if (certificate.getPublicKey() instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength() + " bits, e=" + rsa.getPublicExponent();
    }
    return certificate.getPublicKey().getAlgorithm();
  }

  /** The value of the last attribute {@code type} of the subject, or null. */
  String subjectAttribute(String type) {
    List<String> values = JpkiNames.values(certificate.getSubjectX500Principal(), type);
    return values.isEmpty() ? null : values.getLast();
  }

  List<String> subjectAttributes(String type) {
    return JpkiNames.values(certificate.getSubjectX500Principal(), type);
  }

  /** The key usage bit names, e.g. {@code digitalSignature (critical)}; null when absent. */
  String keyUsage() {
    boolean[] bits = certificate.getKeyUsage();
    if (bits == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        names.add(i < KEY_USAGE_NAMES.length ? KEY_USAGE_NAMES[i] : "bit " + i);
      }
    }
    return String.join(", ", names) + (isCritical(Extension.keyUsage) ? " (critical)" : "");
  }

  List<String> extendedKeyUsage() {
    try {
      List<String> oids = certificate.getExtendedKeyUsage();
      return oids == null ? List.of() : oids.stream().map(CertificateView::named).toList();
    } catch (CertificateParsingException e) {
      return List.of("(malformed)");
    }
  }

  List<String> policies() {
    byte[] value = certificate.getExtensionValue(Extension.certificatePolicies.getId());
    if (value == null) {
      return List.of();
    }
    List<String> named = new ArrayList<>();
    try {
      CertificatePolicies policies =
          CertificatePolicies.getInstance(ASN1OctetString.getInstance(value).getOctets());
      for (PolicyInformation information : policies.getPolicyInformation()) {
        named.add(named(information.getPolicyIdentifier().getId()));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return List.of("(malformed)");
    }
    return named;
  }

  boolean policiesCritical() {
    return isCritical(Extension.certificatePolicies);
  }

  /** Directory names in RFC 2253, URIs as they are. */
  List<String> crlDistributionPoints() {
    byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
    if (value == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try {
      CRLDistPoint points =
          CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets());
      for (DistributionPoint point : points.getDistributionPoints()) {
        DistributionPointName name = point.getDistributionPoint();
        if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
          names.add("(not a full name)");
          continue;
        }
        for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
          names.add(generalName(general));
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return List.of("(malformed)");
    }
    return names;
  }

  /** The first id-ad-ocsp URI of the AIA extension, or null. */
  String ocspUrl() {
    byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
    if (value == null) {
      return null;
    }
    try {
      AuthorityInformationAccess access =
          AuthorityInformationAccess.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(value).getOctets()));
      for (AccessDescription description : access.getAccessDescriptions()) {
        GeneralName location = description.getAccessLocation();
        if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())
            && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
          return ASN1IA5String.getInstance(location.getName()).getString();
        }
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return "(malformed)";
    }
    return null;
  }

  /** The key identifier of the AKI extension, upper-case hex, or "" when absent. */
  String authorityKeyIdentifier() {
    AuthorityKeyIdentifier aki = aki();
    return aki == null || aki.getKeyIdentifierObject() == null
        ? ""
        : HEX.formatHex(aki.getKeyIdentifierObject().getOctets());
  }

  /** The authorityCertSerialNumber of the AKI extension, upper-case hex, or null. */
  String authoritySerial() {
    AuthorityKeyIdentifier aki = aki();
    BigInteger serial = aki == null ? null : aki.getAuthorityCertSerialNumber();
    return serial == null ? null : serial.toString(16).toUpperCase(Locale.ROOT);
  }

  String subjectKeyIdentifier() {
    try {
      return HEX.formatHex(TrustStore.subjectKeyIdentifier(certificate));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return "(malformed)";
    }
  }

  /**
   * The configured root that issued this certificate: the one whose subject key identifier the AKI
   * names (any root of the issuer's name when the AKI has none), preferring one whose key verifies
   * the certificate's signature. Null when none matches.
   */
  TrustAnchor issuingRoot(TrustStore trust) {
    String aki = authorityKeyIdentifier();
    List<TrustAnchor> candidates = new ArrayList<>();
    for (TrustAnchor anchor : trust.all()) {
      boolean sameName =
          anchor
              .certificate()
              .getSubjectX500Principal()
              .equals(certificate.getIssuerX500Principal());
      boolean sameKeyId =
          !aki.isEmpty() && HEX.formatHex(anchor.subjectKeyIdentifier()).equals(aki);
      if (sameKeyId || (aki.isEmpty() && sameName)) {
        candidates.add(anchor);
      }
    }
    for (TrustAnchor candidate : candidates) {
      if (signedBy(candidate)) {
        return candidate;
      }
    }
    return candidates.isEmpty() ? null : candidates.getFirst();
  }

  boolean signedBy(TrustAnchor anchor) {
    try {
      certificate.verify(anchor.publicKey());
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private AuthorityKeyIdentifier aki() {
    byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    if (value == null) {
      return null;
    }
    try {
      return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null;
    }
  }

  private boolean isCritical(ASN1ObjectIdentifier oid) {
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    return critical != null && critical.contains(oid.getId());
  }

  private static String generalName(GeneralName name) {
    return switch (name.getTagNo()) {
      case GeneralName.directoryName -> rfc2253(X500Name.getInstance(name.getName()));
      case GeneralName.uniformResourceIdentifier ->
          ASN1IA5String.getInstance(name.getName()).getString();
      default -> "(general name type " + name.getTagNo() + ")";
    };
  }

  private static String rfc2253(X500Name name) {
    try {
      return new X500Principal(name.getEncoded()).getName(X500Principal.RFC2253);
    } catch (IOException | IllegalArgumentException e) {
      return name.toString();
    }
  }

  private static String named(String oid) {
    String name = KNOWN_OIDS.get(oid);
    return name == null ? oid : name + " (" + oid + ")";
  }
}
