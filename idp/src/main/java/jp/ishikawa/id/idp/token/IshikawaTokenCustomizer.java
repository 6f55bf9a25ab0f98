package jp.ishikawa.id.idp.token;

import java.util.ArrayList;
import java.util.Date;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What this IdP adds to the tokens Spring's authorization server issues:
 *
 * <ul>
 *   <li>ID token and access token: the client's {@code sub} (pairwise for third parties);
 *   <li>ID token: {@code acr} and {@code amr} (RFC 8176) of the login that happened, read from the
 *       authorization's {@link ResidentAuthentication}, and {@code auth_time}, its time;
 *   <li>ID token: {@code sid}, the session that approved the code ({@link SessionBoundCodes});
 *   <li>access tokens signed with ES256 (small, fast) instead of the default RS256.
 * </ul>
 *
 * <p>Fails closed, before anything is signed ({@code server_error}, so the token endpoint refuses):
 * a principal that is not a resident login this IdP knows ({@link ResidentAuthentication#from}),
 * and a client whose subject type is not recognised ({@link SubjectIdentifiers}), get no token —
 * never a token whose {@code sub} is the raw Ishikawa ID or the framework's default. The one other
 * principal accepted is the client itself on a {@code client_credentials} grant (no resident).
 */
public final class IshikawaTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final SubjectIdentifiers subjects;

  public IshikawaTokenCustomizer(SubjectIdentifiers subjects) {
    this.subjects = subjects;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    Authentication principal = context.getPrincipal();
    if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
    }
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
        && principal instanceof OAuth2ClientAuthenticationToken) {
      return;
    }
    ResidentAuthentication resident =
        ResidentAuthentication.from(principal)
            .orElseThrow(() -> refused("the authorization's principal is not a resident login"));
    String sub;
    try {
      sub = subjects.subjectFor(context.getRegisteredClient(), resident.ishikawaId());
    } catch (SubjectIdentifiers.UnrecognisedSubjectTypeException e) {
      throw refused("the client's subject type is not recognised");
    }
    context.getClaims().subject(sub);
    if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      context.getClaims().claim("acr", resident.acr());
      // A plain ArrayList: the stored authorization's JSON may only name allow-listed types.
      context.getClaims().claim("amr", new ArrayList<>(resident.amr()));
      // Spring sets these only when its session lookup finds a session; the code exchange has
      // none (SessionBoundCodes.NO_SESSIONS), and a refresh copies them from the ID token before.
      context.getClaims().claim("auth_time", Date.from(resident.authenticatedAt()));
      String sid = SessionBoundCodes.sidOf(context.getAuthorization());
      if (sid != null) {
        context.getClaims().claim("sid", sid);
      }
    }
  }

  private static OAuth2AuthenticationException refused(String description) {
    return new OAuth2AuthenticationException(
        new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, description, null));
  }
}
