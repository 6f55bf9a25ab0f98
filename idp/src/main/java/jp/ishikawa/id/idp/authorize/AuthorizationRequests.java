package jp.ishikawa.id.idp.authorize;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationEndpointConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * How the authorization endpoint reads, checks and answers a request, in one place: {@link
 * AuthorizationRequestConverter} (refused {@code request_uri}, scopes of requested claims), {@link
 * AuthorizationRequestValidator} (our checks after Spring's), {@link ConsentRequirement} ({@code
 * prompt=consent} shows the consent screen again), and RFC 9207 {@code iss} in every answer ({@link
 * AuthorizationResponseHandler}, {@link AuthorizationErrorResponseHandler}).
 */
public final class AuthorizationRequests {

  private final RegisteredClientRepository clients;
  private final String issuer;

  public AuthorizationRequests(RegisteredClientRepository clients, String issuer) {
    this.clients = clients;
    this.issuer = issuer;
  }

  public void configure(OAuth2AuthorizationEndpointConfigurer endpoint) {
    endpoint
        .authorizationRequestConverter(new AuthorizationRequestConverter(clients))
        .authenticationProviders(
            providers ->
                providers.forEach(
                    provider -> {
                      if (provider
                          instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider code) {
                        code.setAuthenticationValidator(new AuthorizationRequestValidator());
                        code.setAuthorizationConsentRequired(new ConsentRequirement());
                      }
                    }))
        .authorizationResponseHandler(new AuthorizationResponseHandler(issuer))
        .errorResponseHandler(new AuthorizationErrorResponseHandler(issuer));
  }
}
