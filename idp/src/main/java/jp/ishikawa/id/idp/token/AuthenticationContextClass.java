package jp.ishikawa.id.idp.token;

import java.util.List;

/**
 * The {@code acr} and {@code amr} values a card or passkey login earns. No government {@code acr}
 * registry exists (JPKI.md §6), so the values are URNs of our own, documented in
 * docs/card-protocol.md; {@code amr} values are RFC 8176's. They are recorded in the resident's
 * {@code ResidentAuthentication} when the card login happens (the {@code acr} by the card
 * response's revocation outcome); tokens carry what that authentication recorded, not these
 * constants.
 */
public final class AuthenticationContextClass {

  private AuthenticationContextClass() {}

  /** Logged in with the JPKI authentication certificate, and its revocation status was good. */
  public static final String JPKI = "urn:ishikawa-id:acr:jpki";

  /**
   * Logged in with the JPKI authentication certificate, without a revocation answer (demo mode with
   * revocation off, or an explicit soft-fail deployment). Relying parties that need a
   * revocation-checked login ask for {@link #JPKI} in {@code acr_values}.
   */
  public static final String JPKI_REVOCATION_UNCHECKED = "urn:ishikawa-id:acr:jpki-unchecked";

  /**
   * Logged in with a passkey that was registered right after a card login. Weaker than {@link
   * #JPKI}: a relying party that needs the card asks for a card {@code acr} (or is configured with
   * {@code require-card}) and the resident taps the card (step-up).
   */
  public static final String PASSKEY = "urn:ishikawa-id:acr:passkey";

  /** The card's classes: a request for any of them is a request for a card tap. */
  public static final List<String> CARD = List.of(JPKI, JPKI_REVOCATION_UNCHECKED);

  /** RFC 8176, for a card login: smart card, PIN, hardware-secured key, and so multiple factors. */
  public static final List<String> JPKI_AMR = List.of("sc", "pin", "hwk", "mfa");

  public static String forRevocation(boolean revocationChecked) {
    return revocationChecked ? JPKI : JPKI_REVOCATION_UNCHECKED;
  }
}
