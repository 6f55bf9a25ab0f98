package jp.ishikawa.id.idp.client;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers the relying parties listed under {@code ishikawa-id.clients} in the (durable) client
 * repository at start-up, updating existing ones in place so their ids, and so their tokens and
 * consents, survive a restart. Every client uses the authorization code flow with PKCE (S256), sees
 * a consent screen before receiving data, and gets rotating refresh tokens when confidential.
 */
public final class ConfiguredClients {

  /** The scopes a client may be configured with. */
  public static final Set<String> SUPPORTED_SCOPES =
      Set.of("openid", "profile", "address", "birthdate", "gender", "ishikawa_residency");

  private ConfiguredClients() {}

  public static void register(
      List<IshikawaIdProperties.Client> clients,
      RegisteredClientRepository repository,
      Sha256SecretEncoder encoder) {
    Set<String> seen = new HashSet<>();
    for (IshikawaIdProperties.Client client : clients) {
      RegisteredClient registered = toRegisteredClient(client, repository, encoder);
      if (!seen.add(registered.getClientId())) {
        throw new IllegalStateException(
            "client " + registered.getClientId() + " is configured twice");
      }
      try {
        repository.save(registered);
      } catch (DuplicateKeyException e) {
        // Another replica starting at the same moment inserted it first: update that row instead.
        repository.save(toRegisteredClient(client, repository, encoder));
      }
    }
  }

  static RegisteredClient toRegisteredClient(
      IshikawaIdProperties.Client client,
      RegisteredClientRepository repository,
      Sha256SecretEncoder encoder) {
    String clientId = client.getClientId();
    if (clientId == null || !clientId.matches("[A-Za-z0-9._-]{3,100}")) {
      throw new IllegalStateException(
          "ishikawa-id.clients: client-id must be 3-100 of A-Z a-z 0-9 . _ -");
    }
    if (client.getRedirectUris().isEmpty()) {
      throw new IllegalStateException("client " + clientId + " has no redirect-uris");
    }
    if (!client.getScopes().contains("openid")) {
      throw new IllegalStateException("client " + clientId + " must have the openid scope");
    }
    for (String scope : client.getScopes()) {
      if (!SUPPORTED_SCOPES.contains(scope)) {
        throw new IllegalStateException("client " + clientId + ": unknown scope " + scope);
      }
    }
    String subjectType = client.getSubjectType().toLowerCase(Locale.ROOT);
    if (!subjectType.equals("public") && !subjectType.equals("pairwise")) {
      throw new IllegalStateException(
          "client " + clientId + ": subject-type must be public or pairwise");
    }
    SignatureAlgorithm idTokenAlgorithm =
        switch (client.getIdTokenSigningAlg().toUpperCase(Locale.ROOT)) {
          case "ES256" -> SignatureAlgorithm.ES256;
          case "RS256" -> SignatureAlgorithm.RS256;
          default ->
              throw new IllegalStateException(
                  "client " + clientId + ": id-token-signing-alg must be ES256 or RS256");
        };
    RegisteredClient existing = repository.findByClientId(clientId);
    RegisteredClient.Builder builder =
        RegisteredClient.withId(existing != null ? existing.getId() : UUID.randomUUID().toString())
            .clientId(clientId)
            .clientName(client.getClientName() != null ? client.getClientName() : clientId)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE);
    boolean confidential = client.getClientSecret() != null && !client.getClientSecret().isBlank();
    if (confidential) {
      if (client.getClientSecret().length() < Sha256SecretEncoder.MINIMUM_SECRET_LENGTH) {
        throw new IllegalStateException(
            "client "
                + clientId
                + ": client-secret must be at least "
                + Sha256SecretEncoder.MINIMUM_SECRET_LENGTH
                + " random characters");
      }
      builder
          .clientSecret("{sha256}" + encoder.encode(client.getClientSecret()))
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
          .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
    } else {
      builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
    }
    client.getRedirectUris().forEach(builder::redirectUri);
    client.getPostLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
    client.getScopes().forEach(builder::scope);
    String sector =
        client.getSectorIdentifier() != null
            ? client.getSectorIdentifier()
            : sectorOf(clientId, client.getRedirectUris());
    builder.clientSettings(
        ClientSettings.builder()
            .requireProofKey(true)
            .requireAuthorizationConsent(true)
            .setting(ClientSettingNames.SUBJECT_TYPE, subjectType)
            .setting(ClientSettingNames.SECTOR_IDENTIFIER, sector)
            .build());
    builder.tokenSettings(
        TokenSettings.builder()
            .idTokenSignatureAlgorithm(idTokenAlgorithm)
            .authorizationCodeTimeToLive(Duration.ofMinutes(1))
            .accessTokenTimeToLive(Duration.ofMinutes(10))
            .refreshTokenTimeToLive(Duration.ofDays(30))
            .reuseRefreshTokens(false)
            .build());
    return builder.build();
  }

  /** OIDC Core §8.1: without a sector identifier, the one host of the redirect URIs. */
  static String sectorOf(String clientId, List<String> redirectUris) {
    Set<String> hosts = new HashSet<>();
    for (String uri : redirectUris) {
      String host = URI.create(uri).getHost();
      if (host == null) {
        throw new IllegalStateException(
            "client " + clientId + ": redirect uri without host " + uri);
      }
      hosts.add(host.toLowerCase(Locale.ROOT));
    }
    if (hosts.size() != 1) {
      throw new IllegalStateException(
          "client " + clientId + ": redirect-uris span several hosts; set sector-identifier");
    }
    return hosts.iterator().next();
  }
}
