package jp.ishikawa.id.verifier.cli;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.BirthDate;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.RootInfo;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * The JSON object {@code verify} prints. Keys, always present and always in this order: {@code
 * result}, {@code reason}, {@code step}, {@code detail}, {@code purpose}, {@code at}, {@code
 * credential}, {@code revocation}, {@code facts}; a value that does not apply is null.
 *
 * <p>For a rejection the credential is read from the input certificate when it parses (so the
 * operator sees which card it was), with the root only when the path step had passed; the
 * revocation status only when the pipeline got that far. The basic facts are personal data: they
 * are printed only with {@code --show-facts}, otherwise the field only says they are present.
 */
final class VerifyReport {

  static final String FACTS_HIDDEN = "present (use --show-facts to print them)";

  private VerifyReport() {}

  static Report of(
      VerificationResult result,
      Instant at,
      byte[] certificateDer,
      TrustStore trust,
      RecordingRevocationChecker revocation,
      boolean showFacts) {
    Report report = new Report();
    switch (result) {
      case Verified verified -> {
        report
            .put("result", "verified")
            .put("reason", null)
            .put("step", null)
            .put("detail", null)
            .put("purpose", verified.purpose().code())
            .put("at", at.toString())
            .put(
                "credential",
                new Report()
                    .put("issuer_dn", verified.credential().issuerDn())
                    .put("serial", verified.credential().serialHex())
                    .put("sha256_fingerprint", verified.credential().sha256Fingerprint())
                    .put("not_before", verified.notBefore().toString())
                    .put("not_after", verified.notAfter().toString())
                    .put("root", root(verified.root())))
            .put("revocation", revocation(verified.revocation()))
            .put("facts", facts(verified, showFacts));
      }
      case Rejected rejected ->
          report
              .put("result", "rejected")
              .put("reason", rejected.reason().code())
              .put("step", rejected.step().code())
              .put("detail", rejected.detail())
              .put("purpose", rejected.purpose().code())
              .put("at", at.toString())
              .put("credential", rejectedCredential(rejected, certificateDer, trust, revocation))
              .put("revocation", revocation.last() == null ? null : revocation(revocation.last()))
              .put("facts", null);
    }
    return report;
  }

  static Report root(RootInfo root) {
    return new Report()
        .put("label", root.label())
        .put("fingerprint", root.sha256Fingerprint())
        .put("test", root.test());
  }

  static Report revocation(RevocationStatus status) {
    return new Report()
        .put("state", status.state().code())
        .put("method", status.method().code())
        .put("source", status.source())
        .put("this_update", text(status.thisUpdate()))
        .put("next_update", text(status.nextUpdate()))
        .put("revoked_at", text(status.revokedAt()))
        .put("revocation_reason", status.revocationReason())
        .put("detail", status.detail().isEmpty() ? null : status.detail());
  }

  private static Object facts(Verified verified, boolean showFacts) {
    BasicFacts facts = verified.facts();
    if (verified.purpose() != Purpose.IDENTITY || facts == null) {
      return null;
    }
    return showFacts ? facts(facts) : FACTS_HIDDEN;
  }

  /** The four basic facts, for {@code --show-facts} only. */
  static Report facts(BasicFacts facts) {
    return new Report()
        .put("name", facts.name())
        .put("name_substitute", facts.nameSubstitute())
        .put("gender", facts.gender().name().toLowerCase(Locale.ROOT))
        .put("gender_code", facts.genderCode())
        .put("birth_date", birthDate(facts.birthDate()))
        .put("birth_date_raw", facts.birthDate().raw())
        .put("address", facts.address())
        .put("address_substitute", facts.addressSubstitute());
  }

  /** ISO form of as much of the date as is known: 1980-04-01, 1980-04, 1980, or unknown. */
  private static String birthDate(BirthDate date) {
    return switch (date.precision()) {
      case DAY -> date.date().orElseThrow().toString();
      case MONTH -> String.format(Locale.ROOT, "%04d-%02d", date.year(), date.month());
      case YEAR -> String.format(Locale.ROOT, "%04d", date.year());
      case UNKNOWN -> "unknown";
    };
  }

  /** What can be said about a rejected certificate without trusting it: its own fields. */
  private static Report rejectedCredential(
      Rejected rejected, byte[] der, TrustStore trust, RecordingRevocationChecker revocation) {
    X509Certificate certificate = parse(der);
    if (certificate == null) {
      return null;
    }
    String fingerprint;
    try {
      fingerprint = Fingerprint.sha256(certificate.getEncoded());
    } catch (CertificateException e) {
      return null;
    }
    return new Report()
        .put("issuer_dn", certificate.getIssuerX500Principal().getName(X500Principal.RFC2253))
        .put("serial", certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT))
        .put("sha256_fingerprint", fingerprint)
        .put("not_before", certificate.getNotBefore().toInstant().toString())
        .put("not_after", certificate.getNotAfter().toInstant().toString())
        .put("root", chosenRoot(rejected, certificate, trust, revocation));
  }

  /**
   * The root a rejected certificate chains to, when the path step had passed (a later step rejected
   * it): the one the revocation step was asked about, or else the configured root of the purpose
   * whose key verifies the certificate's signature, as the path step chose it.
   */
  private static Report chosenRoot(
      Rejected rejected,
      X509Certificate certificate,
      TrustStore trust,
      RecordingRevocationChecker revocation) {
    if (rejected.step().ordinal() <= Step.PATH.ordinal()) {
      return null;
    }
    for (TrustAnchor anchor :
        trust.anchors(rejected.purpose(), certificate.getIssuerX500Principal())) {
      if (revocation.issuer() != null) {
        if (anchor.certificate().equals(revocation.issuer())) {
          return root(anchor.info());
        }
        continue;
      }
      try {
        certificate.verify(anchor.publicKey());
        return root(anchor.info());
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // Not this generation's key: try the next anchor of the same name.
      }
    }
    return null;
  }

  private static X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | ClassCastException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
