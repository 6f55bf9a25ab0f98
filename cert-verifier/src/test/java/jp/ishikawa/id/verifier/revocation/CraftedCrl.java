package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jp.ishikawa.id.verifier.path.TrustStore;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CRLs that {@code TestPki} has no knob for (forged key identifiers, extra extensions, no
 * nextUpdate), built directly with BouncyCastle.
 */
final class CraftedCrl {

  private record Added(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {}

  private record Entry(BigInteger serial, Instant at, Extensions extensions) {}

  private final X509Certificate issuer;
  private PrivateKey key;
  private Instant thisUpdate = TestCrls.NOW.minus(Duration.ofHours(1));
  private Instant nextUpdate = TestCrls.NOW.plus(Duration.ofDays(1));
  private byte[] keyIdentifier;
  private String algorithm = "SHA256withRSA";
  private final List<Added> extensions = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();

  private CraftedCrl(X509Certificate issuer, PrivateKey key) {
    this.issuer = issuer;
    this.key = key;
    this.keyIdentifier = TrustStore.subjectKeyIdentifier(issuer);
  }

  /** A CRL named and signed as {@code issuer}, with its key identifier. */
  static CraftedCrl of(X509Certificate issuer, PrivateKey key) {
    return new CraftedCrl(issuer, key);
  }

  CraftedCrl signedWith(PrivateKey otherKey) {
    this.key = otherKey;
    return this;
  }

  CraftedCrl keyIdentifier(byte[] identifier) {
    this.keyIdentifier = identifier;
    return this;
  }

  CraftedCrl updates(Instant thisUpdateTime, Instant nextUpdateTime) {
    this.thisUpdate = thisUpdateTime;
    this.nextUpdate = nextUpdateTime;
    return this;
  }

  CraftedCrl extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    extensions.add(new Added(oid, critical, value));
    return this;
  }

  CraftedCrl entry(BigInteger serial, Instant at, Extensions entryExtensions) {
    entries.add(new Entry(serial, at, entryExtensions));
    return this;
  }

  CraftedCrl algorithm(String name) {
    this.algorithm = name;
    return this;
  }

  byte[] der() {
    try {
      X509v2CRLBuilder builder =
          new X509v2CRLBuilder(
              X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
              Date.from(thisUpdate));
      if (nextUpdate != null) {
        builder.setNextUpdate(Date.from(nextUpdate));
      }
      for (Entry entry : entries) {
        builder.addCRLEntry(entry.serial(), Date.from(entry.at()), entry.extensions());
      }
      if (keyIdentifier != null) {
        builder.addExtension(
            Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyIdentifier));
      }
      for (Added added : extensions) {
        builder.addExtension(added.oid(), added.critical(), added.value());
      }
      return builder.build(new JcaContentSignerBuilder(algorithm).build(key)).getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
