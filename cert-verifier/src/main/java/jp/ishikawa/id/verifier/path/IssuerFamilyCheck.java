package jp.ishikawa.id.verifier.path;

import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;

/**
 * Step 2, issuer family: a {@code login} certificate must come from an authentication CA and an
 * {@code identity} certificate from a signature CA; test-hierarchy issuers only when test roots are
 * allowed.
 *
 * <p>Threat: a signature certificate presented for login (or the reverse) would let one key stand
 * in for the other; a J-LIS test card would log in to production.
 */
public final class IssuerFamilyCheck implements VerificationCheck {

  private final TrustStore trustStore;

  public IssuerFamilyCheck(TrustStore trustStore) {
    this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
  }

  /** Depends on the certificate, the purpose and the trust store (or profile) only. */
  @Override
  public boolean certificateOnly() {
    return true;
  }

  @Override
  public Step step() {
    return Step.ISSUER;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    Purpose purpose = context.purpose();
    X500Principal issuer = context.certificate().getIssuerX500Principal();
    if (!trustStore.anchors(purpose, issuer).isEmpty()) {
      return CheckOutcome.pass();
    }
    Purpose other = purpose == Purpose.LOGIN ? Purpose.IDENTITY : Purpose.LOGIN;
    Optional<Purpose> family = JpkiNames.familyOf(issuer);
    if (!trustStore.anchors(other, issuer).isEmpty() || family.equals(Optional.of(other))) {
      return CheckOutcome.fail(
          Reason.WRONG_PURPOSE,
          "issued by a " + other.code() + " CA; " + purpose.code() + " needs the other key");
    }
    if (JpkiNames.isTestName(issuer) && !trustStore.allowsTestRoots()) {
      return CheckOutcome.fail(
          Reason.TEST_ROOT_NOT_ALLOWED, "issued by the JPKI-TEST hierarchy; test roots are off");
    }
    if (family.equals(Optional.of(purpose))) {
      // The right family, but no root of that name is configured at all.
      return CheckOutcome.fail(
          Reason.UNTRUSTED_ISSUER,
          "no " + purpose.code() + " root named " + issuer.getName() + " is configured");
    }
    return CheckOutcome.fail(
        Reason.UNTRUSTED_ISSUER, "issuer " + issuer.getName() + " is not a JPKI CA");
  }
}
