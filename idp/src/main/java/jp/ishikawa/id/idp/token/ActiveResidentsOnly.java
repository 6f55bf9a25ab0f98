package jp.ishikawa.id.idp.token;

import java.util.Optional;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * No token for a resident who is not active: every grant (authorization code and refresh) passes
 * through token generation, so a deactivated account gets {@code invalid_grant} whatever
 * authorizations are still stored. Runs before the customizer it wraps. The resident is read once
 * per HTTP request ({@link ResidentsOfThisRequest}): a grant's access and ID tokens share it.
 */
public final class ActiveResidentsOnly implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final ResidentService residents;
  private final OAuth2TokenCustomizer<JwtEncodingContext> next;

  public ActiveResidentsOnly(
      ResidentService residents, OAuth2TokenCustomizer<JwtEncodingContext> next) {
    this.residents = residents;
    this.next = next;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    Authentication principal = context.getPrincipal();
    if (ResidentAuthentication.isResident(principal)
        && !active(ResidentsOfThisRequest.find(residents, principal.getName()))) {
      // RFC 6749 §5.2: the grant is "invalid, expired, revoked".
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_GRANT, "the resident's account is not active", null));
    }
    next.customize(context);
  }

  /**
   * For the userinfo endpoint: an access token of a resident who is no longer active is refused
   * with {@code invalid_token} (RFC 6750 §3.1), whatever is still stored.
   */
  public static void requireActiveForUserInfo(ResidentService residents, String ishikawaId) {
    if (!active(residents.findByIshikawaId(ishikawaId))) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_TOKEN, "the resident's account is not active", null));
    }
  }

  /** Only a resident found and active may have tokens. */
  private static boolean active(Optional<Resident> resident) {
    return resident.map(Resident::active).orElse(false);
  }
}
