package jp.ishikawa.id.idp.config;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.client.CachedRegisteredClientRepository;
import jp.ishikawa.id.idp.client.ConfiguredClients;
import jp.ishikawa.id.idp.client.Sha256SecretEncoder;
import jp.ishikawa.id.idp.consent.ConsentRecordRepository;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.identity.ServerSecrets;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.IshikawaTokenCustomizer;
import jp.ishikawa.id.idp.token.ResidentClaims;
import jp.ishikawa.id.idp.token.SigningKeyStore;
import jp.ishikawa.id.idp.token.SubjectIdentifiers;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The authorization server's parts: clients and authorizations in the database, consent as consent
 * records, signing keys from {@link SigningKeyStore}, our claims and token customisation.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfiguration {

  @Bean
  AuthorizationServerSettings authorizationServerSettings(IshikawaIdProperties properties) {
    return AuthorizationServerSettings.builder().issuer(properties.getIssuer().toString()).build();
  }

  /**
   * Client secrets are stored as {@code {sha256}…} (see {@link Sha256SecretEncoder}). The only
   * {@link PasswordEncoder} bean: the authorization server uses it when it is unique.
   */
  @Bean
  PasswordEncoder passwordEncoder() {
    Map<String, PasswordEncoder> encoders = new HashMap<>();
    encoders.put("sha256", new Sha256SecretEncoder());
    return new DelegatingPasswordEncoder("sha256", encoders);
  }

  @Bean
  @DependsOnDatabaseInitialization
  RegisteredClientRepository registeredClientRepository(
      JdbcOperations jdbc, IshikawaIdProperties properties) {
    CachedRegisteredClientRepository repository =
        new CachedRegisteredClientRepository(new JdbcRegisteredClientRepository(jdbc));
    ConfiguredClients.register(properties.getClients(), repository, new Sha256SecretEncoder());
    return repository;
  }

  @Bean
  @DependsOnDatabaseInitialization
  OAuth2AuthorizationService authorizationService(
      JdbcOperations jdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationService(jdbc, clients);
  }

  @Bean
  ConsentRecordService consentRecordService(
      ConsentRecordRepository records,
      ResidentService residents,
      RegisteredClientRepository clients,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock) {
    return new ConsentRecordService(records, residents, clients, jdbc, audit, clock);
  }

  @Bean(initMethod = "initialise")
  @DependsOnDatabaseInitialization
  SigningKeyStore signingKeyStore(
      JdbcClient jdbc, AtRestCipher cipher, Clock clock, IshikawaIdProperties properties) {
    return new SigningKeyStore(
        jdbc,
        cipher,
        clock,
        properties.getSigningKeyRotationPeriod(),
        properties.getSigningKeyRefreshInterval(),
        properties.getSigningKeyPublicationDelay());
  }

  /** What the JWKS endpoint publishes: active and retiring public keys. */
  @Bean
  JWKSource<SecurityContext> jwkSource(SigningKeyStore keys) {
    return (selector, context) -> selector.select(keys.publishedKeys());
  }

  /** What signs: only the active key of each algorithm, so the choice is never ambiguous. */
  @Bean
  JwtEncoder jwtEncoder(SigningKeyStore keys) {
    return new NimbusJwtEncoder((selector, context) -> selector.select(keys.signingKeys()));
  }

  /** Checks access tokens presented to the userinfo endpoint. */
  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
    return NimbusJwtDecoder.withJwkSource(jwkSource)
        .jwsAlgorithms(
            algorithms -> {
              algorithms.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256);
              algorithms.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256);
            })
        .build();
  }

  @Bean
  SubjectIdentifiers subjectIdentifiers(ServerSecrets secrets) {
    return new SubjectIdentifiers(secrets.pairwiseSubjects());
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(SubjectIdentifiers subjects) {
    return new IshikawaTokenCustomizer(subjects);
  }

  @Bean
  ResidentClaims residentClaims(ResidentService residents, Clock clock) {
    return new ResidentClaims(residents, clock);
  }

  /** The userinfo response: {@code sub} as the client knows it, then the claims of its scopes. */
  @Bean
  Function<OidcUserInfoAuthenticationContext, OidcUserInfo> userInfoMapper(
      ResidentClaims claims, SubjectIdentifiers subjects, RegisteredClientRepository clients) {
    return context -> {
      String ishikawaId = context.getAuthorization().getPrincipalName();
      RegisteredClient client =
          clients.findById(context.getAuthorization().getRegisteredClientId());
      Set<String> scopes = context.getAccessToken().getScopes();
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("sub", subjects.subjectFor(client, ishikawaId));
      body.putAll(claims.claims(ishikawaId, scopes));
      return new OidcUserInfo(body);
    };
  }
}
