package jp.ishikawa.id.consentui.config;

import java.net.URI;
import java.time.Clock;
import jp.ishikawa.id.consentui.signin.FreshTapAuthorizationRequestResolver;
import jp.ishikawa.id.consentui.signin.FreshTapSuccessHandler;
import jp.ishikawa.id.consentui.signin.IdpClientRegistrations;
import jp.ishikawa.id.consentui.signin.SignInFailureHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * One filter chain. Everything but the stylesheet, the health probe and the pages shown before or
 * after a session ({@code /signed-out}, {@code /sign-in-failed}, {@code /error}) needs a session,
 * which only a sign-in through the IdP gives (OpenID Connect, authorization code with PKCE; no
 * password form, no login page of our own: the entry point goes straight to the IdP). CSRF
 * protection is on for every {@code POST}; logging out ends the IdP session too (RP-initiated
 * logout) and comes back to {@code /signed-out}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ClientProperties.class)
public class SecurityConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ClientRegistrationRepository clientRegistrationRepository(OAuth2ClientProperties properties) {
    return new IdpClientRegistrations(properties);
  }

  /** Access tokens for the management API, refreshed with the refresh token when they expire. */
  @Bean
  OAuth2AuthorizedClientManager authorizedClientManager(
      ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository clients) {
    DefaultOAuth2AuthorizedClientManager manager =
        new DefaultOAuth2AuthorizedClientManager(registrations, clients);
    manager.setAuthorizedClientProvider(
        OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
    return manager;
  }

  /**
   * ID tokens signed as the IdP signs them for this client: ES256 (the IdP's default) unless {@code
   * consent-ui.id-token-algorithm} says RS256; Spring Security alone would expect RS256.
   */
  @Bean
  JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory(ConsentUiProperties properties) {
    OidcIdTokenDecoderFactory factory = new OidcIdTokenDecoderFactory();
    SignatureAlgorithm algorithm = SignatureAlgorithm.from(properties.getIdTokenAlgorithm());
    if (algorithm == null) {
      throw new IllegalStateException(
          "consent-ui.id-token-algorithm must be ES256 or RS256, not "
              + properties.getIdTokenAlgorithm());
    }
    factory.setJwsAlgorithmResolver(registration -> algorithm);
    return factory;
  }

  @Bean
  SecurityFilterChain filterChain(
      HttpSecurity http,
      ClientRegistrationRepository registrations,
      OAuth2ClientProperties properties,
      Clock clock) {
    OidcClientInitiatedLogoutSuccessHandler logout =
        new OidcClientInitiatedLogoutSuccessHandler(registrations);
    logout.setPostLogoutRedirectUri("{baseUrl}/signed-out");
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(
                        "/css/**",
                        "/favicon.ico",
                        "/signed-out",
                        "/deactivated",
                        "/sign-in-failed",
                        "/error",
                        "/actuator/health/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2Login(
            login ->
                login
                    .authorizationEndpoint(
                        endpoint ->
                            endpoint.authorizationRequestResolver(
                                new FreshTapAuthorizationRequestResolver(registrations)))
                    .successHandler(new FreshTapSuccessHandler(clock))
                    .failureHandler(new SignInFailureHandler()))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(
                    new LoginUrlAuthenticationEntryPoint(
                        "/oauth2/authorization/" + IdpClientRegistrations.REGISTRATION_ID)))
        .logout(out -> out.logoutSuccessHandler(logout))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(
                        csp ->
                            csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self';"
                                    + " img-src 'self' data:; object-src 'none';"
                                    + " base-uri 'none'; frame-ancestors 'none';"
                                    + " form-action 'self' "
                                    + issuerOrigin(properties)))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
    return http.build();
  }

  /**
   * The IdP's origin, for {@code form-action}: browsers apply it to the redirects after a form too,
   * and logging out or a fresh card tap is a form whose answer redirects to the IdP.
   */
  static String issuerOrigin(OAuth2ClientProperties properties) {
    OAuth2ClientProperties.Provider provider =
        properties.getProvider().get(IdpClientRegistrations.REGISTRATION_ID);
    if (provider == null || provider.getIssuerUri() == null) {
      return "";
    }
    URI issuer = URI.create(provider.getIssuerUri());
    return issuer.getScheme()
        + "://"
        + issuer.getHost()
        + (issuer.getPort() == -1 ? "" : ":" + issuer.getPort());
  }
}
