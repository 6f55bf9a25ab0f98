package jp.ishikawa.id.verifier.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate that passed every check, and whose key signed the exact message.
 *
 * @param purpose what the certificate proves
 * @param credential issuer + serial + fingerprint: how the IdP binds this certificate to a resident
 * @param notBefore start of the certificate's validity
 * @param notAfter end of the certificate's validity
 * @param root the root (generation) the certificate chains to
 * @param revocation how revocation was checked and what it said
 * @param facts the four basic facts, for {@link Purpose#IDENTITY} only; null for login
 */
public record Verified(
    Purpose purpose,
    CredentialKey credential,
    Instant notBefore,
    Instant notAfter,
    RootInfo root,
    RevocationStatus revocation,
    BasicFacts facts)
    implements VerificationResult {

  public Verified {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(revocation, "revocation");
    if (purpose == Purpose.IDENTITY) {
      Objects.requireNonNull(facts, "an identity verification carries the basic facts");
    }
  }

  public Optional<BasicFacts> basicFacts() {
    return Optional.ofNullable(facts);
  }

  /** Whether revocation was actually checked and found good (not unchecked, not soft-failed). */
  public boolean revocationChecked() {
    return revocation.state() == RevocationStatus.State.GOOD;
  }
}
