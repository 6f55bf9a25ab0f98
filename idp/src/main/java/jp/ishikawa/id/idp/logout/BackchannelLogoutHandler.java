package jp.ishikawa.id.idp.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Runs before the session is invalidated, on session sign-out ({@code /logout}) and on RP-initiated
 * logout: queues logout tokens for every service that received an ID token in this IdP session. The
 * session's {@code sid} is what Spring's authorization server puts in those ID tokens: the
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
    logout.enqueueFor(resident.getName(), BackchannelLogout.ALL, sid(session.getId()), reason);
  }

  /** The {@code sid} of the session with this id, as in ID tokens. */
  static String sid(String sessionId) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(sessionId.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
