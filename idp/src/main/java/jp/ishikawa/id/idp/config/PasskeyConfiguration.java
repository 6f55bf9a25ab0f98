package jp.ishikawa.id.idp.config;

import java.net.URI;
import java.time.Clock;
import java.util.Set;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.passkey.PasskeyCredentialRepository;
import jp.ishikawa.id.idp.passkey.ResidentPasskeys;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Passkeys (issue 10) on Spring Security's WebAuthn support: the relying party is the issuer — its
 * host is the RP ID, its origin the one allowed origin — and user entities and credentials live in
 * the database (Spring's JDBC repositories, schema in {@code V6__passkeys.sql}), credentials
 * through {@link PasskeyCredentialRepository}. {@code SecurityConfiguration} turns the endpoints on
 * ({@code http.webAuthn}); {@code ResidentLoginConfiguration} puts the passkey provider next to the
 * card's.
 */
@Configuration(proxyBeanMethods = false)
public class PasskeyConfiguration {

  /** The name authenticators show the resident next to the passkey. */
  public static final String RP_NAME = "いしかわID";

  @Bean
  PublicKeyCredentialUserEntityRepository passkeyUserEntities(JdbcTemplate jdbc) {
    return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
  }

  @Bean
  PasskeyCredentialRepository passkeyCredentials(
      JdbcTemplate jdbcTemplate,
      PublicKeyCredentialUserEntityRepository userEntities,
      ResidentService residents,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock,
      IshikawaIdProperties properties) {
    return new PasskeyCredentialRepository(
        new JdbcUserCredentialRepository(jdbcTemplate),
        userEntities,
        residents,
        jdbc,
        audit,
        clock,
        properties.getPasskeys().getMaxPerResident());
  }

  @Bean
  ResidentPasskeys residentPasskeys(
      JdbcClient jdbc, PasskeyCredentialRepository credentials, AuditLog audit) {
    return new ResidentPasskeys(jdbc, credentials, audit);
  }

  @Bean
  WebAuthnRelyingPartyOperations passkeyRelyingParty(
      PublicKeyCredentialUserEntityRepository userEntities,
      PasskeyCredentialRepository credentials,
      IshikawaIdProperties properties) {
    return new Webauthn4JRelyingPartyOperations(
        userEntities,
        credentials,
        PublicKeyCredentialRpEntity.builder().id(rpId(properties)).name(RP_NAME).build(),
        Set.of(origin(properties)));
  }

  /** The RP ID: the issuer's host. */
  public static String rpId(IshikawaIdProperties properties) {
    return properties.getIssuer().getHost();
  }

  /** The one origin passkeys are used from: the issuer's. */
  public static String origin(IshikawaIdProperties properties) {
    URI issuer = properties.getIssuer();
    return issuer.getScheme() + "://" + issuer.getRawAuthority();
  }
}
