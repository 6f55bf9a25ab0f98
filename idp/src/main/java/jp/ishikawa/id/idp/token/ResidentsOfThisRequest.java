package jp.ishikawa.id.idp.token;

import java.util.Optional;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The resident a token request is for, read from the database once per HTTP request: one grant
 * mints an access token and an ID token, and the checks and the audit around each of them ask for
 * the same resident. The answer lives in the request's attributes only, so the next request (the
 * next refresh, the next userinfo call) reads the resident again and sees a deactivation made in
 * between. Outside an HTTP request every call reads the database.
 */
final class ResidentsOfThisRequest {

  private static final String PREFIX = ResidentsOfThisRequest.class.getName() + ":";

  private ResidentsOfThisRequest() {}

  @SuppressWarnings("unchecked")
  static Optional<Resident> find(ResidentService residents, String ishikawaId) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return residents.findByIshikawaId(ishikawaId);
    }
    String key = PREFIX + ishikawaId;
    Object seen = request.getAttribute(key, RequestAttributes.SCOPE_REQUEST);
    if (seen instanceof Optional<?> resident) {
      return (Optional<Resident>) resident;
    }
    Optional<Resident> found = residents.findByIshikawaId(ishikawaId);
    request.setAttribute(key, found, RequestAttributes.SCOPE_REQUEST);
    return found;
  }
}
