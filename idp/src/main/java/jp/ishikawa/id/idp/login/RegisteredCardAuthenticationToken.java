package jp.ishikawa.id.idp.login;

import java.io.Serial;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A request to log in a resident whose card this session has just verified and registered: the card
 * transaction was picked up before registration (the session's pending registration), so there is
 * no transaction left to present. Built by {@link LoginController} only after {@code
 * ResidentService} registered the pending card; always unauthenticated.
 */
public final class RegisteredCardAuthenticationToken extends AbstractAuthenticationToken {

  @Serial private static final long serialVersionUID = 1L;

  private final String residentId;
  private final String acr;

  private RegisteredCardAuthenticationToken(String residentId, String acr) {
    super(AuthorityUtils.NO_AUTHORITIES);
    this.residentId = Objects.requireNonNull(residentId, "residentId");
    this.acr = Objects.requireNonNull(acr, "acr");
    setAuthenticated(false);
  }

  /**
   * @param residentId the resident the pending card was registered to
   * @param acr how the card authenticated when it was tapped
   */
  public static RegisteredCardAuthenticationToken unauthenticated(String residentId, String acr) {
    return new RegisteredCardAuthenticationToken(residentId, acr);
  }

  public String residentId() {
    return residentId;
  }

  public String acr() {
    return acr;
  }

  @Override
  public Object getPrincipal() {
    return residentId;
  }

  @Override
  public Object getCredentials() {
    return "";
  }
}
