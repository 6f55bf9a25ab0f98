package jp.ishikawa.id.idp.authorize;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import jp.ishikawa.id.idp.token.ResidentClaims;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads an authorization request as Spring does, then:
 *
 * <ol>
 *   <li>refuses a {@code request_uri} that is not one of our pushed requests with {@code
 *       request_uri_not_supported} (OIDC Core §6.2) — to the client's redirect URI when the client
 *       and that URI are registered, else with a 400 — rather than treating it as a failed push;
 *   <li>widens the requested scopes by the scopes of the claims asked for in the {@code claims}
 *       parameter (OIDC Core §5.5) that the client may have: the consent screen then lists them,
 *       and the claim is released only once the resident agreed ({@link ClaimsRequest}).
 * </ol>
 */
public final class AuthorizationRequestConverter implements AuthenticationConverter {

  /** RFC 9126 §2.2: the request URIs our pushed authorization request endpoint hands out. */
  static final String PUSHED_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

  private static final String ERROR_URI =
      "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";

  private final AuthenticationConverter spring =
      new OAuth2AuthorizationCodeRequestAuthenticationConverter();
  private final RegisteredClientRepository clients;

  public AuthorizationRequestConverter(RegisteredClientRepository clients) {
    this.clients = clients;
  }

  @Override
  public Authentication convert(HttpServletRequest request) {
    String requestUri = request.getParameter(OAuth2ParameterNames.REQUEST_URI);
    if (requestUri != null
        && !requestUri.startsWith(PUSHED_REQUEST_URI_PREFIX)
        && request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null) {
      throw requestUriNotSupported(request);
    }
    Authentication converted = spring.convert(request);
    if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization)
        || !authorization.getScopes().contains(OidcScopes.OPENID)) {
      return converted;
    }
    Optional<ClaimsRequest> claims;
    try {
      claims = ClaimsRequest.of(authorization.getAdditionalParameters().get("claims"));
    } catch (IllegalArgumentException malformed) {
      return converted; // AuthorizationRequestValidator refuses it, to the client.
    }
    RegisteredClient client = clients.findByClientId(authorization.getClientId());
    if (claims.isEmpty() || client == null) {
      return converted;
    }
    Set<String> scopes = new LinkedHashSet<>(authorization.getScopes());
    for (String claim : claims.get().allClaims()) {
      ResidentClaims.scopeOf(claim).filter(client.getScopes()::contains).ifPresent(scopes::add);
    }
    if (scopes.equals(authorization.getScopes())) {
      return converted;
    }
    OAuth2AuthorizationCodeRequestAuthenticationToken widened =
        new OAuth2AuthorizationCodeRequestAuthenticationToken(
            authorization.getAuthorizationUri(),
            authorization.getClientId(),
            (Authentication) authorization.getPrincipal(),
            authorization.getRedirectUri(),
            authorization.getState(),
            scopes,
            authorization.getAdditionalParameters());
    widened.setDetails(authorization.getDetails());
    return widened;
  }

  private OAuth2AuthorizationCodeRequestAuthenticationException requestUriNotSupported(
      HttpServletRequest request) {
    String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
    String redirectUri = request.getParameter(OAuth2ParameterNames.REDIRECT_URI);
    RegisteredClient client = clients.findByClientId(clientId);
    if (client == null || redirectUri == null || !client.getRedirectUris().contains(redirectUri)) {
      redirectUri = null; // Never redirect to an address we have not validated.
    }
    Authentication principal = SecurityContextHolder.getContext().getAuthentication();
    if (principal == null) {
      principal =
          new AnonymousAuthenticationToken(
              "anonymous", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    }
    OAuth2AuthorizationCodeRequestAuthenticationToken failed =
        new OAuth2AuthorizationCodeRequestAuthenticationToken(
            request.getRequestURL().toString(),
            clientId,
            principal,
            redirectUri,
            request.getParameter(OAuth2ParameterNames.STATE),
            Set.of(),
            java.util.Map.of());
    return new OAuth2AuthorizationCodeRequestAuthenticationException(
        new OAuth2Error(
            "request_uri_not_supported", "request_uri is only for pushed requests", ERROR_URI),
        failed);
  }
}
