package jp.ishikawa.id.idp.config;

import java.time.Clock;
import java.util.function.Function;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.authorize.AuthorizationRequests;
import jp.ishikawa.id.idp.authorize.UiLocalesFilter;
import jp.ishikawa.id.idp.client.ClientAssertionDecoderFactory;
import jp.ishikawa.id.idp.client.ClientAssertionWithoutClientId;
import jp.ishikawa.id.idp.dpop.DpopProofReplayFilter;
import jp.ishikawa.id.idp.dpop.DpopRefreshClientAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.login.ReauthenticationFilter;
import jp.ishikawa.id.idp.logout.BackchannelLogout;
import jp.ishikawa.id.idp.logout.BackchannelLogoutHandler;
import jp.ishikawa.id.idp.logout.BackchannelLogoutMetadata;
import jp.ishikawa.id.idp.logout.LogoutReason;
import jp.ishikawa.id.idp.logout.RpInitiatedLogoutSessionCheck;
import jp.ishikawa.id.idp.oidc.ProviderConfiguration;
import jp.ishikawa.id.idp.oidc.UserInfoBearerTokenResolver;
import jp.ishikawa.id.idp.oidc.UserInfoErrorResponses;
import jp.ishikawa.id.idp.par.PushedAuthorizationRequirement;
import jp.ishikawa.id.idp.passkey.PasskeyCredentialRepository;
import jp.ishikawa.id.idp.passkey.PasskeyLoginOptionsFilter;
import jp.ishikawa.id.idp.passkey.PasskeyLoginResponses;
import jp.ishikawa.id.idp.passkey.PasskeyRegistrationGate;
import jp.ishikawa.id.idp.passkey.SessionLoginOptions;
import jp.ishikawa.id.idp.passkey.SessionRegistrationOptions;
import jp.ishikawa.id.idp.replay.ReplayCache;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.IntrospectionRequesterCheck;
import jp.ishikawa.id.idp.token.TokenAudit;
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
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.CompositeLogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Two filter chains: the authorization server's protocol endpoints (discovery, JWKS, authorize,
 * token, userinfo, revocation, introspection, logout), and the resident-facing pages and the card
 * protocol. Residents log in with the card, through {@code /login}, or with a passkey registered
 * after a card login (Spring Security's WebAuthn endpoints, {@code http.webAuthn}); there is no
 * password form anywhere.
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
      ReplayCache replays,
      AuthorizationServerSettings settings,
      BackchannelLogout backchannelLogout,
      IshikawaIdProperties properties,
      Clock clock,
      AuthorizationRequests authorizationRequests,
      ProviderConfiguration providerConfiguration,
      LocaleResolver locales,
      ResidentService residents,
      AuditLog audit) {
    OidcLogoutAuthenticationSuccessHandler rpInitiatedLogout =
        new OidcLogoutAuthenticationSuccessHandler();
    rpInitiatedLogout.setLogoutHandler(
        new CompositeLogoutHandler(
            new BackchannelLogoutHandler(backchannelLogout, LogoutReason.RP_INITIATED),
            new SecurityContextLogoutHandler()));
    ClientAssertionDecoderFactory clientAssertions =
        new ClientAssertionDecoderFactory(replays, clock);
    DpopRefreshClientAuthentication dpopRefresh = new DpopRefreshClientAuthentication(clients);
    http.oauth2AuthorizationServer(
        authorizationServer -> {
          http.securityMatcher(authorizationServer.getEndpointsMatcher());
          authorizationServer
              .registeredClientRepository(clients)
              .authorizationService(authorizations)
              .authorizationConsentService(consents)
              .authorizationEndpoint(
                  endpoint ->
                      authorizationRequests.configure(
                          endpoint
                              .consentPage("/oauth2/consent")
                              .authorizationRequestConverters(
                                  converters ->
                                      converters.addFirst(
                                          new PushedAuthorizationRequirement(
                                              clients, authorizations, clock)))))
              .pushedAuthorizationRequestEndpoint(Customizer.withDefaults())
              .tokenRevocationEndpoint(
                  endpoint ->
                      endpoint.revocationResponseHandler(
                          TokenAudit.revocations(authorizations, residents, audit)))
              .tokenIntrospectionEndpoint(
                  endpoint -> endpoint.authenticationProviders(IntrospectionRequesterCheck::wrap))
              .authorizationServerMetadataEndpoint(
                  metadata ->
                      metadata.authorizationServerMetadataCustomizer(
                          providerConfiguration.authorizationServerMetadata()))
              .clientAuthentication(
                  clientAuthentication ->
                      clientAuthentication
                          .authenticationConverters(
                              converters -> {
                                converters.addFirst(new ClientAssertionWithoutClientId());
                                converters.addFirst(dpopRefresh);
                              })
                          .authenticationProviders(
                              providers -> {
                                providers.addFirst(dpopRefresh);
                                for (AuthenticationProvider provider : providers) {
                                  if (provider
                                      instanceof JwtClientAssertionAuthenticationProvider jwt) {
                                    jwt.setJwtDecoderFactory(clientAssertions);
                                  }
                                }
                              }))
              .oidc(
                  oidc ->
                      oidc.providerConfigurationEndpoint(
                              configuration ->
                                  configuration.providerConfigurationCustomizer(
                                      providerConfiguration
                                          .openIdConfiguration()
                                          .andThen(
                                              new BackchannelLogoutMetadata(
                                                  providerConfiguration.clients()))))
                          .userInfoEndpoint(
                              userInfo ->
                                  userInfo
                                      .userInfoMapper(userInfoMapper)
                                      .errorResponseHandler(new UserInfoErrorResponses()))
                          .logoutEndpoint(
                              logout ->
                                  logout
                                      .logoutResponseHandler(rpInitiatedLogout)
                                      .authenticationProviders(
                                          providers ->
                                              providers.forEach(
                                                  RpInitiatedLogoutSessionCheck::install))));
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
        .addFilterAfter(
            new ReauthenticationFilter(clock, clients), SecurityContextHolderFilter.class)
        .addFilterAfter(new UiLocalesFilter(locales), SecurityContextHolderFilter.class)
        .headers(SecurityHeaders::noReferrer)
        .addFilterBefore(
            new DpopProofReplayFilter(replays, clock, settings.getTokenEndpoint()),
            SecurityContextHolderFilter.class)
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
  SecurityFilterChain applicationChain(
      HttpSecurity http,
      SecurityContextRepository contexts,
      BackchannelLogout backchannelLogout,
      ProviderManager residentAuthenticationManager,
      WebAuthnRelyingPartyOperations passkeyRelyingParty,
      PasskeyCredentialRepository passkeys,
      ResidentService residents,
      AuditLog audit,
      Clock clock,
      IshikawaIdProperties properties) {
    passkeys(
        http,
        contexts,
        residentAuthenticationManager,
        passkeyRelyingParty,
        passkeys,
        residents,
        audit,
        clock,
        properties);
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
                        "/webauthn/authenticate/options",
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
        .logout(
            logout ->
                logout
                    .logoutUrl("/logout")
                    .addLogoutHandler(
                        new BackchannelLogoutHandler(
                            backchannelLogout, LogoutReason.SESSION_SIGN_OUT))
                    .logoutSuccessUrl("/login?logout"))
        .headers(SecurityHeaders::noReferrer)
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    return http.build();
  }

  /**
   * Spring's WebAuthn endpoints (login options, {@code POST /login/webauthn}, registration options
   * and registration; its default registration page off), with our pieces in Spring's places: the
   * login filter authenticates through the residents' {@link ProviderManager} (so the passkey
   * provider makes a {@code ResidentAuthentication} and events are published), keeps the session in
   * our context repository with a new session id, and answers with {@link PasskeyLoginResponses};
   * {@link PasskeyRegistrationGate} lets only a fresh card login register; the ceremonies' options
   * live in the session as serialisable values ({@link SessionLoginOptions}, {@link
   * SessionRegistrationOptions}, {@link PasskeyLoginOptionsFilter}), so they survive Redis.
   * Spring's own provider, which would need a {@link UserDetailsService}, is replaced, so the one
   * it is given refuses everyone.
   */
  private static void passkeys(
      HttpSecurity http,
      SecurityContextRepository contexts,
      ProviderManager residentAuthenticationManager,
      WebAuthnRelyingPartyOperations passkeyRelyingParty,
      PasskeyCredentialRepository passkeys,
      ResidentService residents,
      AuditLog audit,
      Clock clock,
      IshikawaIdProperties properties) {
    http.setSharedObject(
        UserDetailsService.class,
        username -> {
          throw new UsernameNotFoundException(
              "passkeys log in through PasskeyAuthenticationProvider");
        });
    PasskeyLoginResponses responses = new PasskeyLoginResponses(audit);
    SessionLoginOptions loginOptions = new SessionLoginOptions();
    http.webAuthn(
        webAuthn ->
            webAuthn
                .rpName(PasskeyConfiguration.RP_NAME)
                .rpId(PasskeyConfiguration.rpId(properties))
                .allowedOrigins(PasskeyConfiguration.origin(properties))
                .disableDefaultRegistrationPage(true)
                .creationOptionsRepository(new SessionRegistrationOptions())
                .withObjectPostProcessor(
                    new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                      @Override
                      public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(residentAuthenticationManager);
                        filter.setRequestOptionsRepository(loginOptions);
                        filter.setSecurityContextRepository(contexts);
                        filter.setSessionAuthenticationStrategy(
                            new ChangeSessionIdAuthenticationStrategy());
                        filter.setAuthenticationSuccessHandler(responses);
                        filter.setAuthenticationFailureHandler(responses);
                        return filter;
                      }
                    }));
    http.addFilterAfter(
        new PasskeyRegistrationGate(
            passkeys,
            residents,
            audit,
            clock,
            properties.getPasskeys().getRegistrationWindow(),
            properties.getPasskeys().getMaxPerResident()),
        SecurityContextHolderFilter.class);
    http.addFilterAfter(
        new PasskeyLoginOptionsFilter(passkeyRelyingParty, loginOptions),
        SecurityContextHolderFilter.class);
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
