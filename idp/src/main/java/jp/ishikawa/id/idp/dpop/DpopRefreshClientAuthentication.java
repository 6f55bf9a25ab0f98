package jp.ishikawa.id.idp.dpop;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A public {@code require-dpop} client at the token endpoint with {@code grant_type=refresh_token}:
 * it has no secret, so what stands for client authentication is its DPoP proof (RFC 9449 §5.0: "the
 * refresh token is bound to the public key", checked by Spring's refresh provider against the
 * access token's {@code cnf.jkt}). Spring authenticates a public client only with a PKCE code
 * verifier; this converter and provider admit exactly this case and nothing else: a {@code
 * client_id}, no other credentials, one {@code DPoP} header, a registered public client with {@code
 * require-dpop} and the refresh grant. Anything else is left to Spring.
 */
public final class DpopRefreshClientAuthentication
    implements AuthenticationConverter, AuthenticationProvider {

  private static final String MARKER = "ishikawa-id.dpop-bound-refresh";

  private final RegisteredClientRepository clients;

  public DpopRefreshClientAuthentication(RegisteredClientRepository clients) {
    this.clients = clients;
  }

  @Override
  public Authentication convert(HttpServletRequest request) {
    String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
    if (!AuthorizationGrantType.REFRESH_TOKEN
            .getValue()
            .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
        || clientIds == null
        || clientIds.length != 1
        || request.getHeader(HttpHeaders.AUTHORIZATION) != null
        || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
        || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
        || java.util.Collections.list(request.getHeaders("DPoP")).size() != 1) {
      return null;
    }
    return new OAuth2ClientAuthenticationToken(
        clientIds[0], ClientAuthenticationMethod.NONE, null, Map.of(MARKER, true));
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
    if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
        || !Boolean.TRUE.equals(token.getAdditionalParameters().get(MARKER))) {
      return null; // Spring's providers decide
    }
    RegisteredClient client = clients.findByClientId((String) token.getPrincipal());
    if (client == null
        || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
        || !DpopRequirement.requiresDpop(client)
        || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
      throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
    }
    return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
