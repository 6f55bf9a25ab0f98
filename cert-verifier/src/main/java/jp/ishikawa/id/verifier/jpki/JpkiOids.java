package jp.ishikawa.id.verifier.jpki;

import java.util.Set;

/** Object identifiers of the JPKI certificate profile (JPKI.md §3 and §4). */
public final class JpkiOids {

  private JpkiOids() {}

  /** certificatePolicies of authentication certificates (利用者証明用電子証明書). */
  public static final String AUTHENTICATION_POLICY = "1.2.392.200149.8.5.1.3.30";

  /**
   * certificatePolicies of signature certificates (署名用電子証明書). Second-hand: J-LIS does not publish
   * the profile, so the allowed set is configuration.
   */
  public static final String SIGNATURE_POLICY = "1.2.392.200149.8.5.1.1.20";

  /** subjectAltName otherName type-ids of the four basic facts. */
  public static final String FACT_NAME = "1.2.392.200149.8.5.5.1";

  public static final String FACT_NAME_SUBSTITUTE = "1.2.392.200149.8.5.5.2";
  public static final String FACT_GENDER = "1.2.392.200149.8.5.5.3";
  public static final String FACT_BIRTH_DATE = "1.2.392.200149.8.5.5.4";
  public static final String FACT_ADDRESS = "1.2.392.200149.8.5.5.5";
  public static final String FACT_ADDRESS_SUBSTITUTE = "1.2.392.200149.8.5.5.6";

  public static final Set<String> FACTS =
      Set.of(
          FACT_NAME,
          FACT_NAME_SUBSTITUTE,
          FACT_GENDER,
          FACT_BIRTH_DATE,
          FACT_ADDRESS,
          FACT_ADDRESS_SUBSTITUTE);

  /** id-kp-clientAuth, required in authentication certificates. */
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** sha256WithRSAEncryption. */
  public static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
}
