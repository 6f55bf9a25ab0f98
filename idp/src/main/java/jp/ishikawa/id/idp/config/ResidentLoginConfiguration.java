package jp.ishikawa.id.idp.config;

import java.time.Clock;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.jpki.JpkiTransactionService;
import jp.ishikawa.id.idp.login.CardTransactionAuthenticationProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;

/**
 * How residents log in: one {@link ProviderManager} holding one {@code AuthenticationProvider} per
 * login method — today the card ({@link CardTransactionAuthenticationProvider}); passkeys (issue
 * 10) join it here. The manager publishes {@code AuthenticationSuccessEvent} and a failure event
 * for every refusal (ours are card-protocol codes, not Spring's exception types, so every unmapped
 * refusal is published as bad credentials), which {@code login/LoginAuditListener} audits.
 */
@Configuration(proxyBeanMethods = false)
public class ResidentLoginConfiguration {

  @Bean
  ProviderManager residentAuthenticationManager(
      JpkiTransactionService transactions,
      ResidentService residents,
      Clock clock,
      ApplicationEventPublisher events) {
    ProviderManager manager =
        new ProviderManager(
            new CardTransactionAuthenticationProvider(transactions, residents, clock));
    DefaultAuthenticationEventPublisher publisher = new DefaultAuthenticationEventPublisher(events);
    publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
    manager.setAuthenticationEventPublisher(publisher);
    return manager;
  }
}
