package jp.ishikawa.id.idp.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.token.SessionBoundCodes;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Runs before the session is invalidated, on session sign-out ({@code /logout}) and on RP-initiated
 * logout: queues logout tokens for every service that received an ID token in this IdP session. The
 * session's {@code sid} is what those ID tokens carry ({@link SessionBoundCodes#sidAtLogout}): the
 * base64url SHA-256 of the session id, never the session id itself.
 */
public final class BackchannelLogoutHandler implements LogoutHandler {

  private final BackchannelLogout logout;
  private final LogoutReason reason;

  public BackchannelLogoutHandler(BackchannelLogout logout, LogoutReason reason) {
    this.logout = logout;
    this.reason = reason;
  }

  @Override
  public void logout(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
    HttpSession session = request.getSession(false);
    // RP-initiated logout hands over its own token, whose principal is the session's resident.
    Authentication resident =
        authentication instanceof OidcLogoutAuthenticationToken rpInitiated
                && rpInitiated.getPrincipal() instanceof Authentication principal
            ? principal
            : authentication;
    if (session == null || !ResidentAuthentication.isResident(resident)) {
      return;
    }
    logout.enqueueFor(
        resident.getName(),
        BackchannelLogout.ALL,
        SessionBoundCodes.sidAtLogout(session, resident.getName()),
        reason);
  }
}
