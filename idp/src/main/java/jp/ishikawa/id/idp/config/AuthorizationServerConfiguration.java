package jp.ishikawa.id.idp.config;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.authorize.AuthorizationRequests;
import jp.ishikawa.id.idp.authorize.IdTokenHint;
import jp.ishikawa.id.idp.client.ActiveClientAuthorizations;
import jp.ishikawa.id.idp.client.CachedRegisteredClientRepository;
import jp.ishikawa.id.idp.client.ClientStore;
import jp.ishikawa.id.idp.client.RetiredClients;
import jp.ishikawa.id.idp.client.Sha256SecretEncoder;
import jp.ishikawa.id.idp.consent.ConsentRecordRepository;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.consent.SignInRecordingAuthorizationService;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import jp.ishikawa.id.idp.crypto.JoseProvider;
import jp.ishikawa.id.idp.dpop.DpopBoundRefreshTokenGenerator;
import jp.ishikawa.id.idp.dpop.DpopRequirement;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.identity.ServerSecrets;
import jp.ishikawa.id.idp.jpki.JpkiSettings;
import jp.ishikawa.id.idp.logout.BackchannelLogout;
import jp.ishikawa.id.idp.oidc.ProviderConfiguration;
import jp.ishikawa.id.idp.oidc.RequestedIdTokenClaims;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.ActiveResidentsOnly;
import jp.ishikawa.id.idp.token.ExpiredAuthorizations;
import jp.ishikawa.id.idp.token.ExpiredRotatedRefreshTokens;
import jp.ishikawa.id.idp.token.HashedTokenAuthorizationService;
import jp.ishikawa.id.idp.token.IshikawaTokenCustomizer;
import jp.ishikawa.id.idp.token.ResidentAuthorizations;
import jp.ishikawa.id.idp.token.ResidentClaims;
import jp.ishikawa.id.idp.token.SessionBoundCodes;
import jp.ishikawa.id.idp.token.SigningKeyStore;
import jp.ishikawa.id.idp.token.SigningKeysJwtEncoder;
import jp.ishikawa.id.idp.token.SubjectIdentifiers;
import jp.ishikawa.id.idp.token.TokenAudit;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionOperations;

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
  RetiredClients retiredClients(JdbcClient jdbc, Clock clock) {
    return new RetiredClients(jdbc, clock);
  }

  @Bean
  @DependsOnDatabaseInitialization
  ClientStore clientStore(
      JdbcOperations jdbc, JdbcClient jdbcClient, TransactionOperations transactions, Clock clock) {
    return new ClientStore(jdbc, jdbcClient, transactions, clock);
  }

  /**
   * The configured clients, saved to the database (so their ids, tokens, consents and status
   * survive a restart), and the console's: all served from memory; clients of an earlier
   * configuration are retired.
   */
  @Bean
  @DependsOnDatabaseInitialization
  CachedRegisteredClientRepository registeredClientRepository(
      ClientStore store, IshikawaIdProperties properties, RetiredClients retired) {
    List<RegisteredClient> configured =
        store.registerConfigured(properties.getClients(), new Sha256SecretEncoder());
    retired.retireAllBut(configured);
    CachedRegisteredClientRepository repository = new CachedRegisteredClientRepository(store::all);
    repository.reload();
    return repository;
  }

  @Bean
  @DependsOnDatabaseInitialization
  OAuth2AuthorizationService authorizationService(
      JdbcOperations jdbc,
      JdbcClient jdbcClient,
      CachedRegisteredClientRepository clients,
      ConsentRecordService consents,
      ResidentService residents,
      AuditLog audit,
      Clock clock) {
    return new SessionBoundCodes(
        new SignInRecordingAuthorizationService(
            new ActiveClientAuthorizations(
                new HashedTokenAuthorizationService(
                    jdbc, jdbcClient, clients, residents, audit, clock),
                clients),
            consents));
  }

  @Bean
  ExpiredRotatedRefreshTokens expiredRotatedRefreshTokens(JdbcClient jdbc, Clock clock) {
    return new ExpiredRotatedRefreshTokens(jdbc, clock);
  }

  @Bean
  ExpiredAuthorizations expiredAuthorizations(
      JdbcClient jdbc, Clock clock, IshikawaIdProperties properties) {
    return new ExpiredAuthorizations(
        jdbc,
        clock,
        properties.getExpiredAuthorizationRetention(),
        Duration.ofSeconds(StorageConfiguration.SESSION_IDLE_SECONDS));
  }

  @Bean
  ResidentAuthorizations residentAuthorizations(JdbcClient jdbc) {
    return new ResidentAuthorizations(jdbc);
  }

  /** What discovery says: computed from the configured clients and settings. */
  @Bean
  ProviderConfiguration providerConfiguration(
      CachedRegisteredClientRepository clients,
      IshikawaIdProperties properties,
      JpkiSettings jpki) {
    return new ProviderConfiguration(clients::all, properties, jpki);
  }

  @Bean
  AuthorizationRequests authorizationRequests(
      RegisteredClientRepository clients,
      IshikawaIdProperties properties,
      SigningKeyStore keys,
      SubjectIdentifiers subjects) {
    String issuer = properties.getIssuer().toString();
    return new AuthorizationRequests(
        clients, issuer, new IdTokenHint(keys::publishedKeys, issuer), subjects);
  }

  @Bean
  ConsentRecordService consentRecordService(
      ConsentRecordRepository records,
      ResidentService residents,
      RegisteredClientRepository clients,
      ResidentAuthorizations authorizations,
      AuditLog audit,
      Clock clock,
      BackchannelLogout backchannelLogout) {
    return new ConsentRecordService(
        records, residents, clients, authorizations, audit, clock, backchannelLogout);
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

  /** Which provider makes and checks the IdP's own signatures: chosen once, logged. */
  @Bean
  JoseProvider joseProvider(IshikawaIdProperties properties) {
    return JoseProvider.choose(properties.getJoseProvider());
  }

  /** What signs: only the active key of each algorithm, so the choice is never ambiguous. */
  @Bean
  JwtEncoder jwtEncoder(SigningKeyStore keys, JoseProvider provider) {
    return new SigningKeysJwtEncoder(keys::signingKeys, provider.signers());
  }

  /** Checks access tokens presented to the userinfo endpoint. */
  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, JoseProvider provider) {
    return ownTokenDecoder(jwkSource, provider);
  }

  /**
   * A decoder of the IdP's own tokens (userinfo, the management API): the published keys, the two
   * algorithms the IdP signs with, the chosen provider's verifiers. Each caller adds its own
   * validators.
   */
  static NimbusJwtDecoder ownTokenDecoder(
      JWKSource<SecurityContext> jwkSource, JoseProvider provider) {
    return NimbusJwtDecoder.withJwkSource(jwkSource)
        .jwsAlgorithms(
            algorithms -> {
              algorithms.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256);
              algorithms.add(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256);
            })
        .jwtProcessorCustomizer(processor -> processor.setJWSVerifierFactory(provider.verifiers()))
        .build();
  }

  /**
   * Spring's token generators (JWT access and ID tokens with our customizer, opaque tokens), with
   * refresh tokens from {@link DpopBoundRefreshTokenGenerator}: DPoP-bound ones for the public
   * phone apps.
   */
  @Bean
  OAuth2TokenGenerator<OAuth2Token> tokenGenerator(
      JwtEncoder encoder, OAuth2TokenCustomizer<JwtEncodingContext> customizer) {
    JwtGenerator jwt = new JwtGenerator(encoder);
    jwt.setJwtCustomizer(customizer);
    return new DelegatingOAuth2TokenGenerator(
        jwt, new OAuth2AccessTokenGenerator(), new DpopBoundRefreshTokenGenerator());
  }

  @Bean
  SubjectIdentifiers subjectIdentifiers(ServerSecrets secrets) {
    return new SubjectIdentifiers(secrets.pairwiseSubjects());
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(
      SubjectIdentifiers subjects,
      ResidentService residents,
      ResidentClaims claims,
      jp.ishikawa.id.idp.management.ManagementProperties management,
      AuditLog audit) {
    OAuth2TokenCustomizer<JwtEncodingContext> ours = new IshikawaTokenCustomizer(subjects);
    OAuth2TokenCustomizer<JwtEncodingContext> requested = new RequestedIdTokenClaims(claims);
    OAuth2TokenCustomizer<JwtEncodingContext> dpop = new DpopRequirement();
    return new TokenAudit(
        residents,
        audit,
        new jp.ishikawa.id.idp.management.ManagementAudience(
            management,
            new ActiveResidentsOnly(
                residents,
                context -> {
                  dpop.customize(context);
                  ours.customize(context);
                  requested.customize(context);
                })));
  }

  @Bean
  ResidentClaims residentClaims(ResidentService residents, Clock clock) {
    return new ResidentClaims(residents, clock);
  }

  /** The userinfo response: {@code sub} as the client knows it, then the claims of its scopes. */
  @Bean
  Function<OidcUserInfoAuthenticationContext, OidcUserInfo> userInfoMapper(
      ResidentClaims claims,
      SubjectIdentifiers subjects,
      RegisteredClientRepository clients,
      ResidentService residents) {
    return context -> {
      String ishikawaId = context.getAuthorization().getPrincipalName();
      ActiveResidentsOnly.requireActiveForUserInfo(residents, ishikawaId);
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
