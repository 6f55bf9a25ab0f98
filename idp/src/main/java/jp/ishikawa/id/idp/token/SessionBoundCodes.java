package jp.ishikawa.id.idp.token;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Binds each authorization code to the IdP session that approved it, so that the ID token the code
 * is exchanged for names that session in {@code sid} (OpenID Connect Back-Channel Logout 1.0 §2.1).
 *
 * <p>Spring's authorization server finds the session at the token endpoint instead, from the
 * service's back-channel request, which carries no browser session: it reads every session of the
 * resident and takes the one used last. A resident signed in on a phone and a PC at once can get
 * the phone's {@code sid} in the PC's ID token, so logging out the PC would tell no service and
 * logging out the phone would log out the PC's services too; and every code exchange deserialised
 * all of the resident's sessions from Redis (docs/performance.md). Here the code's own request, the
 * browser's, records its session's {@code sid} as {@link #SID_ATTRIBUTE} when the code is saved
 * (the base64url SHA-256 of the session's id when it first approved a code, kept for the life of
 * the session: {@link #sidOf(HttpSession, String)}); {@link IshikawaTokenCustomizer} puts it in the
 * ID token, and {@link #NO_SESSIONS} keeps Spring from looking sessions up at all.
 */
public final class SessionBoundCodes implements OAuth2AuthorizationService {

  /** The stored authorization's attribute holding the approving session's {@code sid}. */
  public static final String SID_ATTRIBUTE = "ishikawa_id.sid";

  private static final String SESSION_SID = SessionBoundCodes.class.getName() + ".sid";
  private static final String SESSION_RESIDENT = SessionBoundCodes.class.getName() + ".resident";

  /**
   * The IdP's session registry, the one Spring's authorization server takes from the context
   * (config/StorageConfiguration): it knows no session. So the code exchange ({@code
   * OAuth2AuthorizationCodeAuthenticationProvider}) sets neither {@code sid} nor {@code auth_time},
   * both coming from the authorization ({@link IshikawaTokenCustomizer}), and RP-initiated logout's
   * own session check never runs ({@code logout/RpInitiatedLogoutSessionCheck} checks instead).
   */
  public static final SessionRegistry NO_SESSIONS =
      new SessionRegistry() {
        @Override
        public List<Object> getAllPrincipals() {
          return List.of();
        }

        @Override
        public List<SessionInformation> getAllSessions(
            Object principal, boolean includeExpiredSessions) {
          return List.of();
        }

        @Override
        public SessionInformation getSessionInformation(String sessionId) {
          return null;
        }

        @Override
        public void refreshLastRequest(String sessionId) {}

        @Override
        public void registerNewSession(String sessionId, Object principal) {}

        @Override
        public void removeSessionInformation(String sessionId) {}
      };

  private final OAuth2AuthorizationService delegate;

  public SessionBoundCodes(OAuth2AuthorizationService delegate) {
    this.delegate = delegate;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    delegate.save(bound(authorization));
  }

  /**
   * {@code authorization} with the current request's session bound to it, if it holds a code not
   * yet redeemed, no binding yet, and the request has a session; otherwise unchanged.
   */
  static OAuth2Authorization bound(OAuth2Authorization authorization) {
    OAuth2Authorization.Token<OAuth2AuthorizationCode> code =
        authorization.getToken(OAuth2AuthorizationCode.class);
    if (code == null
        || code.isInvalidated()
        || authorization.getToken(OAuth2AccessToken.class) != null
        || authorization.getAttribute(SID_ATTRIBUTE) != null
        || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web)) {
      return authorization;
    }
    HttpSession session = web.getRequest().getSession(false);
    if (session == null) {
      return authorization;
    }
    return OAuth2Authorization.from(authorization)
        .attribute(SID_ATTRIBUTE, sidOf(session, authorization.getPrincipalName()))
        .build();
  }

  /**
   * The {@code sid} of {@code session} for the resident {@code ishikawaId}, made the first time it
   * is asked for and kept in the session: a new card tap or passkey in the same session ({@code
   * prompt=login}, {@code max_age}, the card step-up) changes the session's id against session
   * fixation, not the session, so the services signed in before it and after it share one {@code
   * sid} and are all told at logout. Another resident signing in in the same browser session gets a
   * {@code sid} of their own: a service never sees one {@code sid} for two residents.
   */
  static String sidOf(HttpSession session, String ishikawaId) {
    String kept = keptSid(session, ishikawaId);
    if (kept != null) {
      return kept;
    }
    String sid = sid(session.getId());
    session.setAttribute(SESSION_RESIDENT, ishikawaId);
    session.setAttribute(SESSION_SID, sid);
    return sid;
  }

  /**
   * The {@code sid} the ID tokens of {@code session} carry for {@code ishikawaId} (for logout): the
   * one kept by {@link #sidOf(HttpSession, String)}, or, if the session gave no code to that
   * resident, the {@code sid} of its id.
   */
  public static String sidAtLogout(HttpSession session, String ishikawaId) {
    String kept = keptSid(session, ishikawaId);
    return kept != null ? kept : sid(session.getId());
  }

  private static String keptSid(HttpSession session, String ishikawaId) {
    // Two plain strings, so that every node can read a session whatever its version.
    return session.getAttribute(SESSION_SID) instanceof String sid
            && ishikawaId != null
            && ishikawaId.equals(session.getAttribute(SESSION_RESIDENT))
        ? sid
        : null;
  }

  /**
   * The {@code sid} of the IdP session with this id, as ID tokens and logout tokens carry it: the
   * base64url SHA-256 of the session id, never the session id itself.
   */
  public static String sid(String sessionId) {
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

  /** The {@code sid} bound to {@code authorization}'s code, or {@code null}. */
  public static String sidOf(OAuth2Authorization authorization) {
    return authorization == null ? null : authorization.getAttribute(SID_ATTRIBUTE);
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    delegate.remove(authorization);
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return delegate.findById(id);
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return delegate.findByToken(token, tokenType);
  }
}
