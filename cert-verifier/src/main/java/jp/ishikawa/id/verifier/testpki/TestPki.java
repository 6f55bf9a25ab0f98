package jp.ishikawa.id.verifier.testpki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.Purpose;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A JPKI-shaped PKI built in code, for tests, demos and test cards: self-signed roots of several
 * generations sharing one DN per purpose (JPKI.md §2), authentication and signature certificates
 * with the exact card profile, and CRLs, with a knob ({@link LeafSpec}, {@link CrlSpec}) for every
 * defect the verifier must catch.
 *
 * <p>By default the roots are named {@code O=JPKI-TEST}, like J-LIS's own test hierarchy, so that
 * nothing issued here can pass a production verifier. {@link Options#organisation(String)} with
 * {@code "JPKI"} gives production look-alike names for tests of root selection.
 *
 * <p>Not for production use: keys are generated in memory and never protected.
 */
public final class TestPki {

  /** How to build a test PKI. */
  public static final class Options {
    private String organisation = JpkiNames.TEST_ORGANISATION;
    private List<LocalDate> generations =
        List.of(LocalDate.of(2015, 10, 20), LocalDate.of(2019, 9, 14), LocalDate.of(2023, 7, 16));
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();

    /** {@code JPKI-TEST} (default) or {@code JPKI} for production look-alike names. */
    public Options organisation(String value) {
      this.organisation = Objects.requireNonNull(value);
      return this;
    }

    /** The first day of each root generation; each root lives ten years. */
    public Options generations(List<LocalDate> starts) {
      if (starts.isEmpty()) {
        throw new IllegalArgumentException("at least one generation");
      }
      this.generations = List.copyOf(starts);
      return this;
    }

    /** The clock leaves' default validity is measured from. */
    public Options clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    public Options random(SecureRandom value) {
      this.random = Objects.requireNonNull(value);
      return this;
    }
  }

  private static final String JLIS_ISSUER_ALT_NAME = "公的個人認証サービス";
  private static final String CN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private final Options options;
  private final Map<Purpose, List<TestRoot>> roots = new EnumMap<>(Purpose.class);
  private final Map<Purpose, TestRoot> lookAlikes = new EnumMap<>(Purpose.class);

  private TestPki(Options options) {
    this.options = options;
    for (Purpose purpose : Purpose.values()) {
      List<TestRoot> list = new ArrayList<>();
      for (int i = 0; i < options.generations.size(); i++) {
        list.add(newRoot(purpose, i, options.generations.get(i)));
      }
      roots.put(purpose, List.copyOf(list));
    }
  }

  /** A JPKI-TEST PKI with the 2015, 2019 and 2023 generations. */
  public static TestPki create() {
    return new TestPki(new Options());
  }

  public static TestPki create(Options options) {
    return new TestPki(options);
  }

  public static Options options() {
    return new Options();
  }

  public List<TestRoot> roots(Purpose purpose) {
    return roots.get(purpose);
  }

  public TestRoot root(Purpose purpose, int generation) {
    return roots.get(purpose).get(generation);
  }

  public TestRoot newestRoot(Purpose purpose) {
    List<TestRoot> list = roots.get(purpose);
    return list.get(list.size() - 1);
  }

  /**
   * A root with the same DN and validity as the newest root of {@code purpose} but another key:
   * what an attacker who copies J-LIS's name would make. Never part of a trust store.
   */
  public synchronized TestRoot lookAlike(Purpose purpose) {
    return lookAlikes.computeIfAbsent(
        purpose,
        p -> {
          LocalDate start = options.generations.get(options.generations.size() - 1);
          return newRoot(p, -1, start);
        });
  }

  /** A fresh RSA-2048 key pair with e = 65537, as on a card. */
  public KeyPair newCardKeyPair() {
    return rsaKeyPair(2048, BigInteger.valueOf(65537));
  }

  /** Issues a card certificate as {@code spec} describes. */
  public IssuedCertificate issue(LeafSpec spec) {
    TestRoot issuer =
        spec.issuer != null
            ? spec.issuer
            : spec.generation < 0 ? newestRoot(spec.purpose) : root(spec.purpose, spec.generation);
    KeyPair keys =
        spec.keyPair != null ? spec.keyPair : rsaKeyPair(spec.keyBits, spec.publicExponent);
    Instant now = options.clock.instant();
    Instant notBefore = spec.notBefore != null ? spec.notBefore : now.minus(Duration.ofDays(1));
    Instant notAfter = spec.notAfter != null ? spec.notAfter : defaultNotAfter(notBefore, issuer);
    BigInteger serial = spec.serial != null ? spec.serial : randomSerial();
    X500Name subject = subjectName(spec);
    X500Name issuerName =
        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    SubjectPublicKeyInfo publicKey =
        SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    try {
      X509CertificateHolder holder;
      ContentSigner signer =
          new JcaContentSignerBuilder(spec.signatureAlgorithm).build(issuer.keyPair().getPrivate());
      if (spec.version1) {
        holder =
            new X509v1CertificateBuilder(
                    issuerName,
                    serial,
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    publicKey)
                .build(signer);
      } else {
        X509v3CertificateBuilder builder =
            new X509v3CertificateBuilder(
                issuerName, serial, Date.from(notBefore), Date.from(notAfter), subject, publicKey);
        addLeafExtensions(builder, spec, issuer, keys);
        holder = builder.build(signer);
      }
      return new IssuedCertificate(new JcaX509CertificateConverter().getCertificate(holder), keys);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("the test PKI could not issue a certificate", e);
    }
  }

  /** Issues a CRL as {@code spec} describes, returned as a verified-parsable {@link X509CRL}. */
  public X509CRL crl(CrlSpec spec) {
    TestRoot signer =
        spec.signer != null
            ? spec.signer
            : spec.generation < 0 ? newestRoot(spec.purpose) : root(spec.purpose, spec.generation);
    Instant now = options.clock.instant();
    Instant thisUpdate = spec.thisUpdate != null ? spec.thisUpdate : now.minus(Duration.ofHours(1));
    Instant nextUpdate =
        spec.nextUpdate != null ? spec.nextUpdate : thisUpdate.plus(Duration.ofDays(1));
    try {
      X509v2CRLBuilder builder =
          new X509v2CRLBuilder(
              X500Name.getInstance(signer.certificate().getSubjectX500Principal().getEncoded()),
              Date.from(thisUpdate));
      builder.setNextUpdate(Date.from(nextUpdate));
      for (CrlSpec.Entry entry : spec.entries) {
        if (entry.reason() >= 0) {
          builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason());
        } else {
          builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), (Extensions) null);
        }
      }
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(signer.keyPair().getPublic()));
      builder.addExtension(
          Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(spec.number)));
      if (spec.distributionPointMunicipality != null) {
        DistributionPointName name =
            new DistributionPointName(
                new GeneralNames(
                    new GeneralName(
                        crlDistributionPointName(
                            spec.purpose,
                            spec.distributionPointPrefecture,
                            spec.distributionPointMunicipality))));
        builder.addExtension(
            Extension.issuingDistributionPoint,
            true,
            new IssuingDistributionPoint(name, false, false, null, false, false));
      }
      X509CRLHolder holder =
          builder.build(
              new JcaContentSignerBuilder(spec.signatureAlgorithm)
                  .build(signer.keyPair().getPrivate()));
      return new JcaX509CRLConverter().getCRL(holder);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("the test PKI could not issue a CRL", e);
    }
  }

  /**
   * The name of a municipality's CRL distribution point, as card certificates carry it: {@code
   * C=JP, O=JPKI, OU=JPKI for user authentication, OU=CRL Distribution Points, OU=<prefecture>,
   * CN=<municipality> CRLDP}.
   */
  public X500Name crlDistributionPointName(
      Purpose purpose, String prefecture, String municipality) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.C, "JP")
        .addRDN(BCStyle.O, options.organisation)
        .addRDN(
            BCStyle.OU,
            purpose == Purpose.LOGIN ? JpkiNames.AUTHENTICATION_UNIT : JpkiNames.SIGNATURE_UNIT)
        .addRDN(BCStyle.OU, "CRL Distribution Points")
        .addRDN(BCStyle.OU, prefecture)
        .addRDN(BCStyle.CN, municipality + " CRLDP")
        .build();
  }

  private void addLeafExtensions(
      X509v3CertificateBuilder builder, LeafSpec spec, TestRoot issuer, KeyPair keys)
      throws IOException, GeneralSecurityException {
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    if (!spec.omitKeyUsage) {
      builder.addExtension(
          Extension.keyUsage,
          spec.keyUsageCritical,
          new KeyUsage(spec.keyUsage != null ? spec.keyUsage : spec.defaultKeyUsage()));
    }
    if (!spec.extendedKeyUsage.isEmpty()) {
      KeyPurposeId[] purposes =
          spec.extendedKeyUsage.stream()
              .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
              .toArray(KeyPurposeId[]::new);
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    }
    if (!spec.omitPolicies) {
      PolicyInformation[] information =
          spec.policies.stream()
              .map(
                  oid ->
                      new PolicyInformation(
                          new ASN1ObjectIdentifier(oid),
                          new DERSequence(
                              new PolicyQualifierInfo("http://www.jpki.go.jp/cps.html"))))
              .toArray(PolicyInformation[]::new);
      builder.addExtension(
          Extension.certificatePolicies,
          spec.policiesCritical,
          new CertificatePolicies(information));
    }
    builder.addExtension(
        Extension.issuerAlternativeName,
        false,
        new GeneralNames(
            new GeneralName(
                new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "JP")
                    .addRDN(BCStyle.O, JLIS_ISSUER_ALT_NAME)
                    .build())));
    builder.addExtension(
        Extension.cRLDistributionPoints,
        false,
        new CRLDistPoint(
            new DistributionPoint[] {
              new DistributionPoint(
                  new DistributionPointName(
                      new GeneralNames(
                          new GeneralName(
                              crlDistributionPointName(
                                  spec.purpose, spec.prefecture, spec.municipality)))),
                  null,
                  null)
            }));
    if (spec.ocspUrl != null) {
      builder.addExtension(
          Extension.authorityInfoAccess,
          false,
          new AuthorityInformationAccess(
              new AccessDescription(
                  AccessDescription.id_ad_ocsp,
                  new GeneralName(
                      GeneralName.uniformResourceIdentifier, new DERIA5String(spec.ocspUrl)))));
    }
    if (!spec.omitAuthorityKeyIdentifier) {
      TestRoot named =
          spec.authorityKeyIdentifierOf != null ? spec.authorityKeyIdentifierOf : issuer;
      AuthorityKeyIdentifier aki = utils.createAuthorityKeyIdentifier(named.certificate());
      builder.addExtension(Extension.authorityKeyIdentifier, false, aki);
    }
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
    if (spec.certificateAuthority) {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    }
    if (spec.purpose == Purpose.IDENTITY && !spec.omitFacts && spec.facts != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, factsNames(spec.facts));
    }
    for (String oid : spec.unknownCriticalExtensions) {
      builder.addExtension(new ASN1ObjectIdentifier(oid), true, new DERSequence());
    }
  }

  /**
   * The subjectAltName otherNames of JPKI.md §4: {@code [0] { type-id, [0] EXPLICIT UTF8String }}.
   */
  private static GeneralNames factsNames(TestFacts facts) {
    List<GeneralName> names = new ArrayList<>();
    addFact(names, JpkiOids.FACT_NAME, facts.name());
    addFact(names, JpkiOids.FACT_NAME_SUBSTITUTE, facts.nameSubstitute());
    addFact(names, JpkiOids.FACT_GENDER, facts.genderCode());
    addFact(names, JpkiOids.FACT_BIRTH_DATE, facts.birthDate());
    addFact(names, JpkiOids.FACT_ADDRESS, facts.address());
    addFact(names, JpkiOids.FACT_ADDRESS_SUBSTITUTE, facts.addressSubstitute());
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static void addFact(List<GeneralName> names, String oid, String value) {
    if (value == null) {
      return;
    }
    ASN1EncodableVector otherName = new ASN1EncodableVector();
    otherName.add(new ASN1ObjectIdentifier(oid));
    otherName.add(new DERTaggedObject(true, 0, new DERUTF8String(value)));
    names.add(new GeneralName(GeneralName.otherName, new DERSequence(otherName)));
  }

  private X500Name subjectName(LeafSpec spec) {
    String cn =
        spec.subjectSerialName != null
            ? spec.subjectSerialName
            : randomSerialName(spec.municipalityCode);
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "JP");
    if (spec.purpose == Purpose.IDENTITY) {
      name.addRDN(BCStyle.L, spec.prefecture).addRDN(BCStyle.L, spec.municipality);
    }
    return name.addRDN(BCStyle.CN, cn).build();
  }

  /** 14 random characters, the 5-digit municipality code, then a 4-character suffix: 23 in all. */
  private String randomSerialName(String municipalityCode) {
    StringBuilder cn = new StringBuilder(23);
    for (int i = 0; i < 14; i++) {
      cn.append(CN_ALPHABET.charAt(options.random.nextInt(CN_ALPHABET.length())));
    }
    return cn.append(municipalityCode).append("001A").toString();
  }

  private BigInteger randomSerial() {
    // JPKI serials are positive 4-byte integers.
    return BigInteger.valueOf(0x01000000L + options.random.nextInt(0x7f000000));
  }

  private static Instant defaultNotAfter(Instant notBefore, TestRoot issuer) {
    Instant fiveYears = notBefore.plus(Duration.ofDays(5 * 365));
    Instant rootEnd = issuer.certificate().getNotAfter().toInstant();
    return fiveYears.isAfter(rootEnd) ? rootEnd : fiveYears;
  }

  private TestRoot newRoot(Purpose purpose, int generation, LocalDate start) {
    KeyPair keys = rsaKeyPair(2048, BigInteger.valueOf(65537));
    X500Name name =
        X500Name.getInstance(JpkiNames.caName(purpose, options.organisation).getEncoded());
    Instant notBefore = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant notAfter = start.plusYears(10).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    BigInteger serial = BigInteger.valueOf(generation < 0 ? 0x7eadbeefL : generation + 1L);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              name,
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              name,
              SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      return new TestRoot(purpose, generation, certificate, keys);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("the test PKI could not make a root", e);
    }
  }

  private KeyPair rsaKeyPair(int bits, BigInteger exponent) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, exponent), options.random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }
}
