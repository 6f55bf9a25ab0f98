package jp.ishikawa.id.idp.logout;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpSession;
import java.text.ParseException;
import java.util.function.Consumer;
import jp.ishikawa.id.idp.token.SessionBoundCodes;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationValidator;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * RP-initiated logout's session check on the session's own {@code sid}: a signed-in resident's
 * {@code id_token_hint} must carry the {@code sid} of the browser's IdP session ({@link
 * SessionBoundCodes#sidAtLogout}), or the logout is refused ({@code invalid_token}) and the
 * resident stays signed in: another session's ID token (the resident's phone's, in the PC's
 * browser) cannot end this one.
 *
 * <p>Spring's provider compares the hint's {@code sid} with the hash of the session's current id,
 * which changes at every new card tap or passkey in the session (session fixation): a service
 * signed in before a {@code prompt=login} could no longer log the resident out. Its own check never
 * runs, because the IdP's session registry ({@link SessionBoundCodes#NO_SESSIONS}) finds no
 * session; every other check of the provider (the hint is one of our ID tokens, its audience,
 * {@code client_id}, {@code sub}, the post-logout redirect URI) is Spring's.
 */
public final class RpInitiatedLogoutSessionCheck
    implements Consumer<OidcLogoutAuthenticationContext> {

  private final Consumer<OidcLogoutAuthenticationContext> springs =
      new OidcLogoutAuthenticationValidator();

  /** Makes this the validator of {@code provider} if it is Spring's RP-initiated logout's. */
  public static void install(AuthenticationProvider provider) {
    if (provider instanceof OidcLogoutAuthenticationProvider logout) {
      logout.setAuthenticationValidator(new RpInitiatedLogoutSessionCheck());
    }
  }

  @Override
  public void accept(OidcLogoutAuthenticationContext context) {
    springs.accept(context);
    OidcLogoutAuthenticationToken logout = context.getAuthentication();
    if (!logout.isPrincipalAuthenticated()
        || !(logout.getPrincipal() instanceof Authentication resident)
        || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web)) {
      return; // not signed in: there is no session to end, and Spring checks nothing either
    }
    HttpSession session = web.getRequest().getSession(false);
    if (session == null) {
      return;
    }
    String sid = sidOf(logout.getIdTokenHint());
    if (sid == null || !sid.equals(SessionBoundCodes.sidAtLogout(session, resident.getName()))) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_TOKEN,
              "OpenID Connect 1.0 Logout Request Parameter: sid",
              "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ValidationAndErrorHandling"));
    }
  }

  /** The hint's {@code sid}: the hint is one of our ID tokens (Spring found it by its hash). */
  private static String sidOf(String idTokenHint) {
    try {
      return SignedJWT.parse(idTokenHint).getJWTClaimsSet().getStringClaim("sid");
    } catch (ParseException e) {
      return null;
    }
  }
}
