package jp.ishikawa.id.idp.config;

import java.time.Clock;
import java.util.function.Function;
import jp.ishikawa.id.idp.authorize.AuthorizationRequests;
import jp.ishikawa.id.idp.authorize.UiLocalesFilter;
import jp.ishikawa.id.idp.login.ReauthenticationFilter;
import jp.ishikawa.id.idp.oidc.ProviderConfiguration;
import jp.ishikawa.id.idp.oidc.UserInfoBearerTokenResolver;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.IntrospectionRequesterCheck;
import jp.ishikawa.id.idp.web.ProtocolEndpointResponses;
import jp.ishikawa.id.idp.web.RequestBodyLimitFilter;
import jp.ishikawa.id.idp.web.SecurityHeaders;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Two filter chains: the authorization server's protocol endpoints (discovery, JWKS, authorize,
 * token, userinfo, revocation, introspection, logout), and the resident-facing pages and the card
 * protocol. Residents log in only with the card, through {@code /login}; there is no password form
 * anywhere.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  @Bean
  SecurityContextRepository securityContextRepository() {
    return new DelegatingSecurityContextRepository(
        new RequestAttributeSecurityContextRepository(),
        new HttpSessionSecurityContextRepository());
  }

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerChain(
      HttpSecurity http,
      RegisteredClientRepository clients,
      OAuth2AuthorizationService authorizations,
      OAuth2AuthorizationConsentService consents,
      Function<OidcUserInfoAuthenticationContext, OidcUserInfo> userInfoMapper,
      SecurityContextRepository contexts,
      Clock clock,
      AuthorizationRequests authorizationRequests,
      ProviderConfiguration providerConfiguration,
      LocaleResolver locales) {
    http.oauth2AuthorizationServer(
        authorizationServer -> {
          http.securityMatcher(authorizationServer.getEndpointsMatcher());
          authorizationServer
              .registeredClientRepository(clients)
              .authorizationService(authorizations)
              .authorizationConsentService(consents)
              .authorizationEndpoint(
                  endpoint ->
                      authorizationRequests.configure(endpoint.consentPage("/oauth2/consent")))
              .tokenIntrospectionEndpoint(
                  endpoint -> endpoint.authenticationProviders(IntrospectionRequesterCheck::wrap))
              .authorizationServerMetadataEndpoint(
                  metadata ->
                      metadata.authorizationServerMetadataCustomizer(
                          providerConfiguration.authorizationServerMetadata()))
              .oidc(
                  oidc ->
                      oidc.providerConfigurationEndpoint(
                              configuration ->
                                  configuration.providerConfigurationCustomizer(
                                      providerConfiguration.openIdConfiguration()))
                          .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(userInfoMapper)));
        });
    http.oauth2ResourceServer(
        resourceServer ->
            resourceServer.bearerTokenResolver(new UserInfoBearerTokenResolver("/userinfo")));
    http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .securityContext(context -> context.securityContextRepository(contexts))
        .exceptionHandling(
            exceptions ->
                exceptions
                    .defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), browserNavigation())
                    .defaultAuthenticationEntryPointFor(
                        new ProtocolEndpointResponses(), ProtocolEndpointResponses.ENDPOINTS))
        .addFilterAfter(new ReauthenticationFilter(clock), SecurityContextHolderFilter.class)
        .addFilterAfter(new UiLocalesFilter(locales), SecurityContextHolderFilter.class)
        .headers(SecurityHeaders::noReferrer)
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    return http.build();
  }

  /**
   * A browser asking for a page: {@code text/html} named in {@code Accept}. A bare {@code *}{@code
   * /*} (curl, HTTP libraries) is not one, so a service calling userinfo without a token gets RFC
   * 6750's 401 and {@code WWW-Authenticate}, not the login page.
   */
  private static MediaTypeRequestMatcher browserNavigation() {
    MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
    matcher.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
    return matcher;
  }

  @Bean
  @Order(2)
  SecurityFilterChain applicationChain(HttpSecurity http, SecurityContextRepository contexts) {
    http.authorizeHttpRequests(
            authorize ->
                authorize
                    .requestMatchers(
                        "/login",
                        "/login/**",
                        "/register",
                        "/register/**",
                        "/waiting-room",
                        "/waiting-room/**",
                        "/privacy",
                        "/jpki/**",
                        "/css/**",
                        "/js/**",
                        "/favicon.ico",
                        "/error",
                        "/actuator/health",
                        "/actuator/health/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .securityContext(context -> context.securityContextRepository(contexts))
        .csrf(
            csrf ->
                csrf.ignoringRequestMatchers(
                    PathPatternRequestMatcher.withDefaults()
                        .matcher(HttpMethod.POST, "/jpki/transactions/*/response")))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .headers(SecurityHeaders::noReferrer)
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    return http.build();
  }

  /** A browser asking for a page (explicitly: {@code *}{@code /*} alone is a machine's). */
  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
      IshikawaIdProperties properties) {
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestBodyLimitFilter(
                properties.getTransactions().getBodyReadDeadline(), System::nanoTime));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
