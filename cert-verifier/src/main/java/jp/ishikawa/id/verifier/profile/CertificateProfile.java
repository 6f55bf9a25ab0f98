package jp.ishikawa.id.verifier.profile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * The configurable part of the certificate profile: which certificate policies each purpose
 * accepts. The signature-certificate policy and smartphone certificates' policies are not public,
 * so deployments extend these sets by configuration.
 */
public final class CertificateProfile {

  private final Map<Purpose, Set<String>> allowedPolicies;

  private CertificateProfile(Map<Purpose, Set<String>> allowedPolicies) {
    this.allowedPolicies = allowedPolicies;
  }

  /** The JPKI card profile: the authentication and signature policy OIDs of JPKI.md. */
  public static CertificateProfile jpki() {
    return new CertificateProfile(
        Map.of(
            Purpose.LOGIN, Set.of(JpkiOids.AUTHENTICATION_POLICY),
            Purpose.IDENTITY, Set.of(JpkiOids.SIGNATURE_POLICY)));
  }

  /** A copy with the policies of {@code purpose} replaced. */
  public CertificateProfile withAllowedPolicies(Purpose purpose, Set<String> policies) {
    Objects.requireNonNull(purpose, "purpose");
    if (policies.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one policy OID must be allowed for " + purpose.code());
    }
    for (String oid : policies) {
      if (!oid.matches("[0-2](\\.(0|[1-9][0-9]*))+")) {
        throw new IllegalArgumentException(oid + " is not an object identifier");
      }
    }
    Map<Purpose, Set<String>> copy = new EnumMap<>(allowedPolicies);
    copy.put(purpose, Set.copyOf(policies));
    return new CertificateProfile(Map.copyOf(copy));
  }

  public Set<String> allowedPolicies(Purpose purpose) {
    return allowedPolicies.get(purpose);
  }
}
