package jp.ishikawa.id.verifier.jpki;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.BirthDate;
import jp.ishikawa.id.verifier.model.Gender;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * Reads the four basic facts from a signature certificate's subjectAltName otherNames (JPKI.md §4):
 * each is {@code [0] { type-id OID, [0] EXPLICIT UTF8String }} with a type-id under {@code
 * 1.2.392.200149.8.5.5}.
 */
public final class BasicFactsExtractor {

  /** Why the facts could not be read. The message never contains a fact. */
  public static final class FactsException extends Exception {
    private final boolean missing;

    FactsException(String message, boolean missing) {
      super(message);
      this.missing = missing;
    }

    /** True when the certificate carries no facts at all, false when they are malformed. */
    public boolean missing() {
      return missing;
    }
  }

  /**
   * Extracts the facts.
   *
   * @throws FactsException if the certificate has none, lacks a required one, repeats one, or holds
   *     one that is not a string of the expected form
   */
  public BasicFacts extract(X509Certificate certificate) throws FactsException {
    byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
    if (extension == null) {
      throw new FactsException("the certificate has no subjectAltName", true);
    }
    Map<String, String> facts = new HashMap<>();
    try {
      ASN1Primitive inner =
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets());
      for (GeneralName name : GeneralNames.getInstance(inner).getNames()) {
        if (name.getTagNo() != GeneralName.otherName) {
          continue;
        }
        OtherName other = OtherName.getInstance(name.getName());
        String typeId = other.getTypeID().getId();
        if (!JpkiOids.FACTS.contains(typeId)) {
          continue;
        }
        String value = stringValue(other.getValue(), typeId);
        if (facts.putIfAbsent(typeId, value) != null) {
          throw new FactsException("basic fact " + typeId + " appears twice", false);
        }
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new FactsException(
          "the subjectAltName is not valid DER: " + e.getClass().getSimpleName(), false);
    }
    if (facts.isEmpty()) {
      throw new FactsException("the subjectAltName carries no basic facts", true);
    }
    String name = require(facts, JpkiOids.FACT_NAME, "name");
    String genderCode = require(facts, JpkiOids.FACT_GENDER, "gender");
    String birth = require(facts, JpkiOids.FACT_BIRTH_DATE, "date of birth");
    String address = require(facts, JpkiOids.FACT_ADDRESS, "address");
    BirthDate birthDate;
    try {
      birthDate = BirthDate.parse(birth);
    } catch (IllegalArgumentException e) {
      throw new FactsException("the date of birth is malformed: " + e.getMessage(), false);
    }
    if (!genderCode.matches("[0-9]")) {
      throw new FactsException("the gender code is not a single digit", false);
    }
    return new BasicFacts(
        name,
        facts.get(JpkiOids.FACT_NAME_SUBSTITUTE),
        Gender.fromCode(genderCode),
        genderCode,
        birthDate,
        address,
        facts.get(JpkiOids.FACT_ADDRESS_SUBSTITUTE));
  }

  private static String stringValue(ASN1Encodable value, String typeId) throws FactsException {
    ASN1Encodable unwrapped = value;
    // BouncyCastle hands back the [0] EXPLICIT wrapper on some encodings: look through it.
    if (unwrapped instanceof ASN1TaggedObject tagged) {
      unwrapped = tagged.getExplicitBaseObject();
    }
    if (unwrapped instanceof ASN1String string) {
      return string.getString();
    }
    throw new FactsException("basic fact " + typeId + " is not a string", false);
  }

  private static String require(Map<String, String> facts, String oid, String what)
      throws FactsException {
    String value = facts.get(oid);
    if (value == null || value.isBlank()) {
      throw new FactsException("the " + what + " (" + oid + ") is missing", false);
    }
    return value;
  }
}
