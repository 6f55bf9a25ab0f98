package jp.ishikawa.id.idp.token;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Introspection answers {@code active: true} only to the token's own client, or to a client
 * configured as a resource server for one of the token's audiences ({@code
 * introspection-audiences}); every other client learns {@code {"active":false}}, exactly what it
 * would learn of a token that does not exist. RFC 7662 §4: "the authorization server MAY respond
 * differently to different protected resources making the same request", and must keep a client
 * from learning about tokens it has no business with (token scanning).
 */
public final class IntrospectionRequesterCheck implements AuthenticationProvider {

  private final AuthenticationProvider delegate;

  public IntrospectionRequesterCheck(AuthenticationProvider delegate) {
    this.delegate = delegate;
  }

  /** For {@code tokenIntrospectionEndpoint(e -> e.authenticationProviders(...))}. */
  public static void wrap(List<AuthenticationProvider> providers) {
    providers.replaceAll(
        provider ->
            provider instanceof OAuth2TokenIntrospectionAuthenticationProvider
                ? new IntrospectionRequesterCheck(provider)
                : provider);
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    Authentication result = delegate.authenticate(authentication);
    if (!(result instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)
        || !introspection.getTokenClaims().isActive()
        || !(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken requester)
        || requester.getRegisteredClient() == null) {
      return result;
    }
    if (mayIntrospect(requester.getRegisteredClient(), introspection.getTokenClaims())) {
      return result;
    }
    return new OAuth2TokenIntrospectionAuthenticationToken(
        introspection.getToken(), requester, OAuth2TokenIntrospection.builder().build());
  }

  static boolean mayIntrospect(RegisteredClient requester, OAuth2TokenIntrospection claims) {
    if (requester.getClientId().equals(claims.getClientId())) {
      return true;
    }
    Set<String> audiences = new HashSet<>();
    if (claims.getAudience() != null) {
      audiences.addAll(claims.getAudience());
    }
    if (claims.getClientId() != null) {
      audiences.add(claims.getClientId());
    }
    return introspectionAudiences(requester).stream().anyMatch(audiences::contains);
  }

  /** The audiences a client may introspect tokens of, besides its own. */
  static Set<String> introspectionAudiences(RegisteredClient client) {
    Object setting =
        client.getClientSettings().getSetting(ClientSettingNames.INTROSPECTION_AUDIENCES);
    if (!(setting instanceof String list) || list.isBlank()) {
      return Set.of();
    }
    return Set.copyOf(Arrays.asList(list.trim().split("\\s+")));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return delegate.supports(authentication);
  }
}
