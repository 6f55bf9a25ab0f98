package jp.ishikawa.id.idp.authorize;

import jp.ishikawa.id.idp.token.SubjectIdentifiers;
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
  private final IdTokenHint idTokenHints;
  private final SubjectIdentifiers subjects;

  public AuthorizationRequests(
      RegisteredClientRepository clients,
      String issuer,
      IdTokenHint idTokenHints,
      SubjectIdentifiers subjects) {
    this.clients = clients;
    this.issuer = issuer;
    this.idTokenHints = idTokenHints;
    this.subjects = subjects;
  }

  /**
   * Our checks, for the pushed authorization request endpoint too (RFC 9126 §2.1: the request is
   * validated as an authorization request would be).
   */
  public AuthorizationRequestValidator validator() {
    return new AuthorizationRequestValidator(idTokenHints, subjects);
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
                        code.setAuthenticationValidator(validator());
                        code.setAuthorizationConsentRequired(new ConsentRequirement());
                      }
                    }))
        .authorizationResponseHandler(new AuthorizationResponseHandler(issuer))
        .errorResponseHandler(new AuthorizationErrorResponseHandler(issuer));
  }
}
