package jp.ishikawa.id.verifier.testpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.Test;

/** The streamed CRL checked by an independent parser: the JDK's. */
class LargeCrlWriterTests {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final TestRoot ROOT =
      TestPki.create(
              TestPki.options()
                  .generations(java.util.List.of(java.time.LocalDate.of(2023, 7, 16)))
                  .clock(Clock.fixed(NOW, ZoneOffset.UTC)))
          .newestRoot(Purpose.LOGIN);

  @Test
  void writeToWhenEntriesThenTheJdkParsesAndVerifiesEveryEntry() throws Exception {
    LargeCrlWriter writer = LargeCrlWriter.of(ROOT, 300, NOW).number(7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    writer.writeTo(out);

    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(out.toByteArray()));
    crl.verify(ROOT.keyPair().getPublic());
    assertThat(crl.getIssuerX500Principal())
        .isEqualTo(ROOT.certificate().getSubjectX500Principal());
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
    assertThat(crl.getRevokedCertificates()).hasSize(300);
    for (int k = 0; k < writer.entries(); k++) {
      X509CRLEntry entry = crl.getRevokedCertificate(writer.revokedSerial(k));
      assertThat(entry).isNotNull();
      assertThat(entry.getRevocationDate().toInstant()).isEqualTo(writer.revokedAt(k));
      assertThat(entry.getRevocationReason()).isEqualTo(CRLReason.values()[writer.reasonCode(k)]);
      assertThat(crl.getRevokedCertificate(writer.unrevokedSerial(k))).isNull();
    }
  }

  @Test
  void writeToWhenDistributionPointThenAPartitionedCrl() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    LargeCrlWriter.of(ROOT, 3, NOW)
        .distributionPoint(new org.bouncycastle.asn1.x500.X500Name("C=JP,CN=Kanazawa-shi CRLDP"))
        .writeTo(out);

    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(out.toByteArray()));
    crl.verify(ROOT.keyPair().getPublic());
    assertThat(crl.getCriticalExtensionOIDs()).contains("2.5.29.28");
  }

  @Test
  void writeToWhenNoEntriesThenAnEmptySignedCrl() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    LargeCrlWriter.of(ROOT, 0, NOW).writeTo(out);

    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(out.toByteArray()));
    crl.verify(ROOT.keyPair().getPublic());
    assertThat(crl.getRevokedCertificates()).isNull();
  }
}
