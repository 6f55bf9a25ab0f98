package jp.ishikawa.id.idp.config;

import java.time.Clock;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.jpki.JpkiTransactionService;
import jp.ishikawa.id.idp.login.CardTransactionAuthenticationProvider;
import jp.ishikawa.id.idp.passkey.PasskeyAuthenticationProvider;
import jp.ishikawa.id.idp.passkey.PasskeyCredentialRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * How residents log in: one {@link ProviderManager} holding one {@code AuthenticationProvider} per
 * login method, side by side: the card ({@link CardTransactionAuthenticationProvider}) and passkeys
 * ({@link PasskeyAuthenticationProvider}, which Spring's WebAuthn login filter is given instead of
 * its own provider, {@code SecurityConfiguration}). The manager publishes {@code
 * AuthenticationSuccessEvent} and a failure event for every refusal (ours are card-protocol and
 * passkey codes, not Spring's exception types, so every unmapped refusal is published as bad
 * credentials), which {@code login/LoginAuditListener} audits.
 */
@Configuration(proxyBeanMethods = false)
public class ResidentLoginConfiguration {

  @Bean
  ProviderManager residentAuthenticationManager(
      JpkiTransactionService transactions,
      ResidentService residents,
      Clock clock,
      ApplicationEventPublisher events,
      WebAuthnRelyingPartyOperations passkeyRelyingParty,
      PasskeyCredentialRepository passkeys) {
    ProviderManager manager =
        new ProviderManager(
            new CardTransactionAuthenticationProvider(transactions, residents, clock),
            new PasskeyAuthenticationProvider(
                passkeyRelyingParty, passkeys, residents::findByIshikawaId, clock));
    DefaultAuthenticationEventPublisher publisher = new DefaultAuthenticationEventPublisher(events);
    publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
    manager.setAuthenticationEventPublisher(publisher);
    return manager;
  }
}
