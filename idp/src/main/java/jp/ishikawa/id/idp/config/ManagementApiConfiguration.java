package jp.ishikawa.id.idp.config;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.audit.AuditChainVerifier;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.crypto.JoseProvider;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.management.FreshCardTap;
import jp.ishikawa.id.idp.management.ManagementApiRefusals;
import jp.ishikawa.id.idp.management.ManagementProperties;
import jp.ishikawa.id.idp.management.ManagementTokenAuthentication;
import jp.ishikawa.id.idp.management.StaffProperties;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.web.SecurityHeaders;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management API ({@code /api/**}) as an OAuth 2.0 protected resource of this IdP: its own
 * filter chain, stateless, bearer JWTs only (RFC 6750), checked against our own JWKS with issuer,
 * lifetime and audience {@value ManagementProperties#AUDIENCE} required, then by {@link
 * ManagementTokenAuthentication}. Roles per path: {@code /api/me/**} resident, {@code
 * /api/admin/audit/**} and {@code /api/admin/statistics/**} auditor, {@code
 * /api/admin/residents/**} support, {@code /api/admin/clients/**} admin, {@code /api/admin/keys}
 * admin or auditor, {@code /api/admin/keys/**} admin; any other {@code /api} path is denied.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementApiConfiguration {

  /**
   * The role each path needs, in matching order (the first matching path decides); any other {@code
   * /api} path is denied. A path open to several roles names them separated by {@value
   * #ROLE_SEPARATOR} (any one of them suffices).
   */
  public static final Map<String, String> ROLES = roles();

  public static final String ROLE_SEPARATOR = ", ";

  private static Map<String, String> roles() {
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put("/api/me/**", "resident");
    roles.put("/api/admin/audit", "auditor");
    roles.put("/api/admin/audit/**", "auditor");
    roles.put("/api/admin/statistics/**", "auditor");
    roles.put("/api/admin/residents/**", "support");
    roles.put("/api/admin/clients", "admin");
    roles.put("/api/admin/clients/**", "admin");
    roles.put("/api/admin/keys", "admin" + ROLE_SEPARATOR + "auditor");
    roles.put("/api/admin/keys/**", "admin");
    return Collections.unmodifiableMap(roles);
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 100)
  SecurityFilterChain managementApiChain(
      HttpSecurity http,
      JWKSource<SecurityContext> jwkSource,
      IshikawaIdProperties properties,
      ManagementProperties management,
      StaffProperties staff,
      OAuth2AuthorizationService authorizations,
      ResidentService residents,
      AuditLog audit,
      Clock clock,
      JoseProvider jose) {
    NimbusJwtDecoder decoder = AuthorizationServerConfiguration.ownTokenDecoder(jwkSource, jose);
    JwtTimestampValidator lifetime = new JwtTimestampValidator();
    lifetime.setClock(clock);
    OAuth2TokenValidator<Jwt> validator =
        new DelegatingOAuth2TokenValidator<>(
            lifetime,
            new JwtIssuerValidator(properties.getIssuer().toString()),
            new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(ManagementProperties.AUDIENCE)));
    decoder.setJwtValidator(validator);
    ManagementApiRefusals refusals = new ManagementApiRefusals(audit, residents);
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(
            authorize -> {
              ROLES.forEach(
                  (path, role) ->
                      authorize.requestMatchers(path).hasAnyRole(role.split(ROLE_SEPARATOR)));
              authorize.anyRequest().denyAll();
            })
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(
                        jwt ->
                            jwt.decoder(decoder)
                                .jwtAuthenticationConverter(
                                    new ManagementTokenAuthentication(
                                        management, staff, authorizations, residents)))
                    .authenticationEntryPoint(refusals)
                    .accessDeniedHandler(refusals))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .headers(SecurityHeaders::noReferrer);
    return http.build();
  }

  @Bean
  FreshCardTap freshCardTap(
      ManagementProperties management, Clock clock, AuditLog audit, ResidentService residents) {
    return new FreshCardTap(management, clock, audit, residents);
  }

  @Bean
  AuditChainVerifier auditChainVerifier(JdbcClient jdbc) {
    return new AuditChainVerifier(jdbc);
  }

  /**
   * Fails start-up when a management client is a pairwise-subject client: its {@code sub} would not
   * be the Ishikawa ID, and the API could not tell whose data it is.
   */
  @Bean
  SmartInitializingSingleton managementClientsArePublicSubject(
      ManagementProperties management, RegisteredClientRepository clients) {
    return () -> requirePublicSubject(management, clients);
  }

  /** Throws when a configured management client has another subject type than public. */
  static void requirePublicSubject(
      ManagementProperties management, RegisteredClientRepository clients) {
    for (String clientId : management.getClients()) {
      RegisteredClient client = clients.findByClientId(clientId);
      if (client != null
          && !"public"
              .equals(client.getClientSettings().getSetting(ClientSettingNames.SUBJECT_TYPE))) {
        throw new IllegalStateException(
            "ishikawa-id.management.clients: "
                + clientId
                + " must have subject-type public (its sub must be the Ishikawa ID)");
      }
    }
  }
}
