package jp.ishikawa.id.idp.oidc;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Where the access token is found (RFC 6750 §2): the {@code Authorization: Bearer} header
 * everywhere, and at userinfo also an {@code access_token} in a form-encoded POST body (§2.2; OIDC
 * Core §5.3.1: userinfo "MUST support the use of the HTTP GET and HTTP POST methods"). A token in
 * both places, or in the query, is refused with {@code invalid_request}.
 */
public final class UserInfoBearerTokenResolver implements BearerTokenResolver {

  private final String userInfoPath;
  private final DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
  private final DefaultBearerTokenResolver headerOrBody = new DefaultBearerTokenResolver();

  public UserInfoBearerTokenResolver(String userInfoPath) {
    this.userInfoPath = userInfoPath;
    headerOrBody.setAllowFormEncodedBodyParameter(true);
  }

  @Override
  public String resolve(HttpServletRequest request) {
    boolean userInfo = request.getRequestURI().equals(request.getContextPath() + userInfoPath);
    return (userInfo ? headerOrBody : headerOnly).resolve(request);
  }
}
