package jp.ishikawa.id.verifier.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.jpki.BasicFactsExtractor;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.profile.CertificateProfile;
import jp.ishikawa.id.verifier.profile.ProfileCheck;

/**
 * {@code inspect <cert>}: a readable JPKI view of one certificate (PEM or DER), for an operator
 * working out what a resident's card holds: its purpose family and hierarchy from the issuer name,
 * which root generation issued it (by the AKI's key identifier, or a {@code --trust} root), its
 * validity at {@code --at} or now, the municipality hint, key, usages, policies, CRL distribution
 * point and OCSP URL, and whether it fits the JPKI profile of its purpose. The basic facts of a
 * signature certificate are shown only with {@code --show-facts}.
 *
 * <p>Inspection is not verification: it trusts nothing and prints what the certificate claims.
 */
final class InspectCommand {

  static final Set<String> SINGLE = Set.of("at");
  static final Set<String> REPEATABLE = Set.of("trust", "pin");
  static final Set<String> FLAGS = Set.of("allow-test-roots", "show-facts", "json");

  private InspectCommand() {}

  static int run(List<String> arguments, Clock system, PrintStream out, PrintStream err)
      throws CommandException {
    CommandLine line = CommandLine.parse("inspect", arguments, SINGLE, REPEATABLE, FLAGS);
    String file = line.onlyOperand("certificate file");
    Instant at = ValidationTime.of(line, system);
    InputFiles.CertificateInput input = InputFiles.certificate("inspect", file);
    if (input.count() > 1) {
      throw new CommandException(
          "inspect " + file + ": holds " + input.count() + " certificates; give one at a time");
    }
    X509Certificate certificate = parse(file, input.der());
    TrustStore trust =
        line.all("trust").isEmpty()
            ? null
            : TrustRoots.load(
                line.all("trust"),
                Optional.empty(),
                line.flag("allow-test-roots"),
                line.all("pin"));
    if (line.flag("show-facts")) {
      err.println(
          "note: --show-facts prints personal data (name, birth date, gender, address);"
              + " keep it out of tickets and logs");
    }
    Report report = report(file, input, certificate, at, trust, line.flag("show-facts"));
    out.print(line.flag("json") ? report.toJson() : report.toText());
    out.flush();
    return CertVerifierCli.EXIT_VERIFIED;
  }

  static Report report(
      String file,
      InputFiles.CertificateInput input,
      X509Certificate certificate,
      Instant at,
      TrustStore trust,
      boolean showFacts) {
    CertificateView view = new CertificateView(certificate);
    X500Principal issuer = certificate.getIssuerX500Principal();
    Optional<Purpose> family = JpkiNames.familyOf(issuer);
    String hierarchy =
        JpkiNames.isTestName(issuer)
            ? "test (O=JPKI-TEST): never trusted in production"
            : family.isPresent() ? "production (O=JPKI)" : "not a JPKI issuer";
    Report report =
        new Report()
            .put("file", file)
            .put("format", input.format())
            .put(
                "purpose",
                family
                    .map(p -> p.code() + " (issuer is a JPKI " + caKind(p) + " CA)")
                    .orElse("unknown (issuer is not a JPKI CA name)"))
            .put("hierarchy", hierarchy)
            .put("issuer", issuer.getName(X500Principal.RFC2253))
            .put("root", root(view, family, trust))
            .put("subject", certificate.getSubjectX500Principal().getName(X500Principal.RFC2253))
            .put("serial", view.serialHex())
            .put("not_before", certificate.getNotBefore().toInstant().toString())
            .put("not_after", certificate.getNotAfter().toInstant().toString())
            .put("validity", validity(certificate, at))
            .put("municipality_hint", municipality(view, family))
            .put("key", view.key())
            .put("signature_algorithm", certificate.getSigAlgName())
            .put("ca", certificate.getBasicConstraints() >= 0)
            .put("key_usage", view.keyUsage())
            .put("extended_key_usage", view.extendedKeyUsage())
            .put("policies", view.policies())
            .put("policies_critical", view.policiesCritical())
            .put("crl_distribution_points", view.crlDistributionPoints())
            .put("ocsp_url", view.ocspUrl())
            .put("subject_key_identifier", view.subjectKeyIdentifier())
            .put("sha256_fingerprint", fingerprint(certificate))
            .put("profile", profile(certificate, input.der(), family, at))
            .put("facts", facts(certificate, family, showFacts));
    return report;
  }

  private static X509Certificate parse(String file, byte[] der) throws CommandException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | ClassCastException e) {
      throw new CommandException(
          "inspect " + file + ": not an X.509 certificate (PEM or DER): " + e.getMessage(), e);
    }
  }

  private static String caKind(Purpose purpose) {
    return purpose == Purpose.LOGIN ? "authentication" : "signature";
  }

  private static Report root(CertificateView view, Optional<Purpose> family, TrustStore trust) {
    String keyIdentifier = view.authorityKeyIdentifier();
    String serial = view.authoritySerial();
    Report root =
        new Report()
            .put("key_identifier", keyIdentifier.isEmpty() ? null : keyIdentifier)
            .put("authority_serial", serial);
    TrustAnchor configured = trust == null ? null : view.issuingRoot(trust);
    if (configured != null) {
      return root.put("generation", configured.info().label())
          .put("matched_by", "a --trust root (" + configured.info().sha256Fingerprint() + ")")
          .put(
              "signature",
              view.signedBy(configured)
                  ? "verifies with that root's key"
                  : "does NOT verify with that root's key");
    }
    Optional<String> byKey = KnownRoots.byKeyIdentifier(keyIdentifier);
    if (byKey.isPresent()) {
      return root.put("generation", byKey.get())
          .put("matched_by", "the AKI key identifier (a J-LIS root's SKI)")
          .put("signature", notChecked(trust));
    }
    Optional<String> bySerial =
        family.flatMap(p -> serial == null ? Optional.empty() : KnownRoots.bySerial(p, serial));
    if (bySerial.isPresent()
        && !JpkiNames.isTestName(view.certificate().getIssuerX500Principal())) {
      return root.put("generation", bySerial.get())
          .put("matched_by", "the AKI authority serial (JPKI.md §2; a claim, not a proof)")
          .put("signature", notChecked(trust));
    }
    return root.put("generation", null)
        .put("matched_by", "nothing: no known or --trust root has this key identifier")
        .put("signature", notChecked(trust));
  }

  private static String notChecked(TrustStore trust) {
    return trust == null
        ? "not checked (give --trust to check it)"
        : "not checked (no --trust root matches)";
  }

  private static String validity(X509Certificate certificate, Instant at) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (at.isBefore(notBefore)) {
      return "not yet valid at " + at;
    }
    if (at.isAfter(notAfter)) {
      return "expired at " + at;
    }
    return "valid at " + at;
  }

  private static String municipality(CertificateView view, Optional<Purpose> family) {
    if (family.equals(Optional.of(Purpose.IDENTITY))) {
      List<String> places = view.subjectAttributes("L");
      return places.isEmpty() ? null : String.join(" ", places) + " (subject L=)";
    }
    String hint = MunicipalityHint.fromAuthenticationCn(view.subjectAttribute("CN"));
    return hint == null ? null : hint + "; CN characters 15-19, a hint only";
  }

  /** Whether the certificate fits the JPKI profile of its family (step 5 of the pipeline). */
  private static String profile(
      X509Certificate certificate, byte[] der, Optional<Purpose> family, Instant at) {
    if (family.isEmpty()) {
      return "not checked (unknown purpose)";
    }
    CheckContext context = new CheckContext(family.get(), der, new byte[1], new byte[1], at);
    context.certificate(certificate);
    CheckOutcome outcome = new ProfileCheck(CertificateProfile.jpki()).check(context);
    return outcome.passed()
        ? "fits the JPKI " + family.get().code() + " profile"
        : outcome.reason().code() + ": " + outcome.detail();
  }

  private static Object facts(
      X509Certificate certificate, Optional<Purpose> family, boolean showFacts) {
    if (!family.equals(Optional.of(Purpose.IDENTITY))) {
      return null;
    }
    try {
      var facts = new BasicFactsExtractor().extract(certificate);
      return showFacts ? VerifyReport.facts(facts) : VerifyReport.FACTS_HIDDEN;
    } catch (BasicFactsExtractor.FactsException e) {
      return (e.missing() ? "absent: " : "malformed: ") + e.getMessage();
    }
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return Fingerprint.sha256(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      return "(cannot encode)";
    }
  }
}
