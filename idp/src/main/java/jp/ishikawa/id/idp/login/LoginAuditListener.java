package jp.ishikawa.id.idp.login;

import java.util.Locale;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.passkey.PasskeyLoginException;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.stereotype.Component;

/**
 * Writes resident logins to the audit trail from Spring Security's authentication events, so every
 * login method is audited the same way: {@code login success <acr>} with the resident and the
 * method, or {@code login failure <code>}. Events of other authentications (clients at the token
 * endpoint) are not resident logins and are left out.
 */
@Component
public class LoginAuditListener {

  private final AuditLog audit;
  private final ResidentService residents;

  public LoginAuditListener(AuditLog audit, ResidentService residents) {
    this.audit = audit;
    this.residents = residents;
  }

  @EventListener
  public void onSuccess(AuthenticationSuccessEvent event) {
    ResidentAuthentication.from(event.getAuthentication())
        .ifPresent(
            login ->
                audit.record(
                    "login",
                    "success",
                    login.acr(),
                    residents.findByIshikawaId(login.ishikawaId()).map(Resident::id).orElse(null),
                    null,
                    method(login.method())));
  }

  @EventListener
  public void onFailure(AbstractAuthenticationFailureEvent event) {
    boolean card =
        event.getAuthentication() instanceof CardTransactionAuthenticationToken
            || event.getAuthentication() instanceof RegisteredCardAuthenticationToken;
    if (card) {
      audit.record(
          "login", "failure", reason(event.getException()), null, null, method(LoginMethod.CARD));
    } else if (event.getAuthentication() instanceof WebAuthnAuthenticationRequestToken) {
      audit.record(
          "login",
          "failure",
          reason(event.getException()),
          null,
          null,
          method(LoginMethod.PASSKEY));
    }
  }

  private static String reason(AuthenticationException exception) {
    return switch (exception) {
      case CardLoginException refused -> refused.error().code();
      case UnregisteredCardException unregistered -> UnregisteredCardException.REASON;
      case PasskeyLoginException refused -> refused.error().code();
      default -> "server_error";
    };
  }

  private static String method(LoginMethod method) {
    return "method=" + method.name().toLowerCase(Locale.ROOT);
  }
}
