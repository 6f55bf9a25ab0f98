package jp.ishikawa.id.idp.identity;

import java.util.Arrays;
import java.util.Optional;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * How a resident proved who they are, one constant per authentication mechanism.
 *
 * <p>Each method is tied to the Spring Security factor authority its login stamps on the session
 * (with the time it happened), so the method travels with the authentication wherever Spring stores
 * it. Each mechanism has its constant here, next to its own {@code AuthenticationProvider}; an
 * authentication whose factor is not listed is not a resident login this IdP knows, and gets no
 * token.
 */
public enum LoginMethod {

  /** The My Number card's JPKI authentication certificate, with its 4-digit PIN. */
  CARD(FactorGrantedAuthority.X509_AUTHORITY),

  /**
   * A passkey (WebAuthn), registered right after a card login ({@code
   * passkey/PasskeyAuthenticationProvider}).
   */
  PASSKEY(FactorGrantedAuthority.WEBAUTHN_AUTHORITY);

  private final String factorAuthority;

  LoginMethod(String factorAuthority) {
    this.factorAuthority = factorAuthority;
  }

  /** The {@link FactorGrantedAuthority} authority a login of this method carries. */
  public String factorAuthority() {
    return factorAuthority;
  }

  static Optional<LoginMethod> ofFactorAuthority(String authority) {
    return Arrays.stream(values()).filter(m -> m.factorAuthority.equals(authority)).findFirst();
  }
}
