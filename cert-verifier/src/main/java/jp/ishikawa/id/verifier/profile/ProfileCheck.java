package jp.ishikawa.id.verifier.profile;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * Step 5, profile: the certificate is a JPKI end-entity certificate of the right kind. In order:
 *
 * <ol>
 *   <li>X.509 version 3, signed with sha256WithRSAEncryption;
 *   <li>an RSA-2048 key with public exponent 65537 (JPKI.md §3);
 *   <li>not a CA (basicConstraints absent or CA:FALSE; threat: jpki/myna GHSA-58hw-cg5m-88rp
 *       accepted CA certificates as cards);
 *   <li>keyUsage present and critical: digitalSignature only for login; digitalSignature and
 *       nonRepudiation for identity;
 *   <li>for login, extKeyUsage with id-kp-clientAuth;
 *   <li>certificatePolicies present, critical, and naming an allowed policy of the purpose;
 *   <li>no critical extension this verifier does not process (RFC 5280 §4.2: a certificate with an
 *       unrecognised critical extension must be rejected).
 * </ol>
 */
public final class ProfileCheck implements VerificationCheck {

  private static final BigInteger F4 = BigInteger.valueOf(65537);
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int NON_REPUDIATION = 1;

  /** Critical extensions this verifier processes; any other critical one is rejected. */
  private static final Set<String> PROCESSED_CRITICAL =
      Set.of(
          Extension.keyUsage.getId(),
          Extension.certificatePolicies.getId(),
          Extension.basicConstraints.getId(),
          Extension.extendedKeyUsage.getId(),
          Extension.subjectAlternativeName.getId());

  private final CertificateProfile profile;

  public ProfileCheck(CertificateProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /** Depends on the certificate, the purpose and the trust store (or profile) only. */
  @Override
  public boolean certificateOnly() {
    return true;
  }

  @Override
  public Step step() {
    return Step.PROFILE;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    X509Certificate certificate = context.certificate();
    Purpose purpose = context.purpose();
    if (certificate.getVersion() != 3) {
      return CheckOutcome.fail(Reason.NOT_VERSION_3, "version " + certificate.getVersion());
    }
    if (!JpkiOids.SHA256_WITH_RSA.equals(certificate.getSigAlgOID())) {
      return CheckOutcome.fail(
          Reason.UNSUPPORTED_CERTIFICATE_ALGORITHM,
          "signed with " + certificate.getSigAlgName() + "; sha256WithRSAEncryption is required");
    }
    if (!(certificate.getPublicKey() instanceof RSAPublicKey key)) {
      return CheckOutcome.fail(
          Reason.KEY_NOT_RSA_2048, "a " + certificate.getPublicKey().getAlgorithm() + " key");
    }
    if (key.getModulus().bitLength() != 2048) {
      return CheckOutcome.fail(
          Reason.KEY_NOT_RSA_2048, "an RSA-" + key.getModulus().bitLength() + " key");
    }
    if (!F4.equals(key.getPublicExponent())) {
      return CheckOutcome.fail(
          Reason.BAD_PUBLIC_EXPONENT, "public exponent " + key.getPublicExponent() + ", not 65537");
    }
    if (certificate.getBasicConstraints() >= 0) {
      return CheckOutcome.fail(Reason.CA_CERTIFICATE, "a CA certificate is not a card certificate");
    }
    CheckOutcome keyUsage = checkKeyUsage(certificate, purpose);
    if (!keyUsage.passed()) {
      return keyUsage;
    }
    if (purpose == Purpose.LOGIN) {
      CheckOutcome extendedKeyUsage = checkClientAuth(certificate);
      if (!extendedKeyUsage.passed()) {
        return extendedKeyUsage;
      }
    }
    CheckOutcome policies = checkPolicies(certificate, purpose);
    if (!policies.passed()) {
      return policies;
    }
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (critical != null) {
      List<String> unknown = new ArrayList<>();
      for (String oid : critical) {
        if (!PROCESSED_CRITICAL.contains(oid)) {
          unknown.add(oid);
        }
      }
      if (!unknown.isEmpty()) {
        return CheckOutcome.fail(
            Reason.UNKNOWN_CRITICAL_EXTENSION, "unprocessed critical extension(s) " + unknown);
      }
    }
    return CheckOutcome.pass();
  }

  private static CheckOutcome checkKeyUsage(X509Certificate certificate, Purpose purpose) {
    boolean[] usage = certificate.getKeyUsage();
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (usage == null) {
      return CheckOutcome.fail(Reason.KEY_USAGE, "keyUsage is missing");
    }
    if (critical == null || !critical.contains(Extension.keyUsage.getId())) {
      return CheckOutcome.fail(Reason.KEY_USAGE, "keyUsage must be critical");
    }
    Set<Integer> expected =
        purpose == Purpose.LOGIN
            ? Set.of(DIGITAL_SIGNATURE)
            : Set.of(DIGITAL_SIGNATURE, NON_REPUDIATION);
    Set<Integer> actual = new HashSet<>();
    for (int bit = 0; bit < usage.length; bit++) {
      if (usage[bit]) {
        actual.add(bit);
      }
    }
    if (!actual.equals(expected)) {
      return CheckOutcome.fail(
          Reason.KEY_USAGE,
          "keyUsage bits "
              + actual
              + "; a "
              + purpose.code()
              + " certificate has exactly "
              + expected
              + " (0 digitalSignature, 1 nonRepudiation)");
    }
    return CheckOutcome.pass();
  }

  private static CheckOutcome checkClientAuth(X509Certificate certificate) {
    try {
      List<String> purposes = certificate.getExtendedKeyUsage();
      if (purposes == null || !purposes.contains(JpkiOids.CLIENT_AUTH)) {
        return CheckOutcome.fail(
            Reason.EXTENDED_KEY_USAGE, "extKeyUsage does not include clientAuth");
      }
      return CheckOutcome.pass();
    } catch (CertificateParsingException e) {
      return CheckOutcome.fail(Reason.EXTENDED_KEY_USAGE, "extKeyUsage is malformed");
    }
  }

  private CheckOutcome checkPolicies(X509Certificate certificate, Purpose purpose) {
    byte[] value = certificate.getExtensionValue(Extension.certificatePolicies.getId());
    if (value == null) {
      return CheckOutcome.fail(Reason.POLICY_NOT_ALLOWED, "certificatePolicies is missing");
    }
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (critical == null || !critical.contains(Extension.certificatePolicies.getId())) {
      return CheckOutcome.fail(Reason.POLICY_NOT_ALLOWED, "certificatePolicies must be critical");
    }
    List<String> named = new ArrayList<>();
    try {
      CertificatePolicies policies =
          CertificatePolicies.getInstance(ASN1OctetString.getInstance(value).getOctets());
      for (PolicyInformation information : policies.getPolicyInformation()) {
        named.add(information.getPolicyIdentifier().getId());
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return CheckOutcome.fail(Reason.POLICY_NOT_ALLOWED, "certificatePolicies is malformed");
    }
    Set<String> allowed = profile.allowedPolicies(purpose);
    for (String oid : named) {
      if (allowed.contains(oid)) {
        return CheckOutcome.pass();
      }
    }
    return CheckOutcome.fail(
        Reason.POLICY_NOT_ALLOWED,
        "policies " + named + "; " + purpose.code() + " allows " + allowed);
  }
}
