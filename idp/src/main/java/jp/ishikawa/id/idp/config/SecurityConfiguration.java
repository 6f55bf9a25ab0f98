package jp.ishikawa.id.idp.config;

import java.time.Clock;
import java.util.function.Function;
import jp.ishikawa.id.idp.login.ReauthenticationFilter;
import jp.ishikawa.id.idp.web.RequestBodyLimitFilter;
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
      Clock clock) {
    http.oauth2AuthorizationServer(
        authorizationServer -> {
          http.securityMatcher(authorizationServer.getEndpointsMatcher());
          authorizationServer
              .registeredClientRepository(clients)
              .authorizationService(authorizations)
              .authorizationConsentService(consents)
              .authorizationEndpoint(endpoint -> endpoint.consentPage("/oauth2/consent"))
              .oidc(
                  oidc ->
                      oidc.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(userInfoMapper)));
        });
    http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .securityContext(context -> context.securityContextRepository(contexts))
        .exceptionHandling(
            exceptions ->
                exceptions.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"),
                    new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
        .addFilterAfter(
            new ReauthenticationFilter(contexts, clock), SecurityContextHolderFilter.class)
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    return http.build();
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
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    return http.build();
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter() {
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(new RequestBodyLimitFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
