package jp.ishikawa.id.idp.config;

import java.time.Clock;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.logout.BackchannelLogout;
import jp.ishikawa.id.idp.logout.BackchannelLogoutDelivery;
import jp.ishikawa.id.idp.logout.LogoutTokens;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.SubjectIdentifiers;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** Back-channel logout: the outbox entry point, the logout tokens and the delivery scheduler. */
@Configuration(proxyBeanMethods = false)
public class BackchannelLogoutConfiguration {

  /**
   * The authorization service comes lazily: it records sign-in-only grants through the consent
   * service, which itself enqueues logout tokens here on withdrawal.
   */
  @Bean
  BackchannelLogout backchannelLogout(
      JdbcClient jdbc,
      RegisteredClientRepository clients,
      @Lazy OAuth2AuthorizationService authorizations,
      Clock clock) {
    return new BackchannelLogout(jdbc, clients, authorizations, clock);
  }

  @Bean
  LogoutTokens logoutTokens(
      JwtEncoder encoder,
      SubjectIdentifiers subjects,
      IshikawaIdProperties properties,
      Clock clock) {
    return new LogoutTokens(encoder, subjects, properties.getIssuer().toString(), clock);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  @DependsOnDatabaseInitialization
  BackchannelLogoutDelivery backchannelLogoutDelivery(
      JdbcClient jdbc,
      RegisteredClientRepository clients,
      LogoutTokens tokens,
      AuditLog audit,
      Clock clock,
      IshikawaIdProperties properties) {
    return new BackchannelLogoutDelivery(
        jdbc, clients, tokens, audit, clock, properties.getBackchannelLogout());
  }
}
