package jp.ishikawa.id.idp.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers the relying parties listed under {@code ishikawa-id.clients} in the (durable) client
 * repository at start-up, updating existing ones in place so their ids, and so their tokens and
 * consents, survive a restart. Every client uses the authorization code flow with PKCE (S256) — a
 * confidential client may instead protect the code with {@code nonce} ({@code require-pkce: false})
 * — sees a consent screen before receiving data, and gets rotating refresh tokens when
 * confidential. Each client has one token endpoint authentication method ({@code
 * token-endpoint-auth-method}) and the grants of {@code grant-types}.
 */
public final class ConfiguredClients {

  /** The scopes a client may be configured with. */
  public static final Set<String> SUPPORTED_SCOPES =
      Set.of("openid", "profile", "address", "birthdate", "gender", "ishikawa_residency");

  private ConfiguredClients() {}

  /**
   * Saves the configured clients into {@code repository}, keeping the internal id of a client the
   * repository already holds.
   *
   * @return the clients as registered
   */
  public static List<RegisteredClient> register(
      List<IshikawaIdProperties.Client> clients,
      RegisteredClientRepository repository,
      Sha256SecretEncoder encoder) {
    Set<String> seen = new HashSet<>();
    List<RegisteredClient> registeredClients = new ArrayList<>();
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
        registered = toRegisteredClient(client, repository, encoder);
        repository.save(registered);
      }
      registeredClients.add(registered);
    }
    return registeredClients;
  }

  /**
   * What {@link #register} would refuse, one sentence per client (and per duplicate id), without
   * registering anything: the start-up check lists them with every other setting problem.
   */
  public static List<String> problems(List<IshikawaIdProperties.Client> clients) {
    RegisteredClientRepository none =
        new RegisteredClientRepository() {
          @Override
          public void save(RegisteredClient registeredClient) {}

          @Override
          public RegisteredClient findById(String id) {
            return null;
          }

          @Override
          public RegisteredClient findByClientId(String clientId) {
            return null;
          }
        };
    Sha256SecretEncoder encoder = new Sha256SecretEncoder();
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (IshikawaIdProperties.Client client : clients) {
      try {
        String clientId = toRegisteredClient(client, none, encoder).getClientId();
        if (!seen.add(clientId)) {
          problems.add("client " + clientId + " is configured twice");
        }
      } catch (IllegalStateException | IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
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
    Set<AuthorizationGrantType> grantTypes = ClientGrantTypes.of(clientId, client.getGrantTypes());
    boolean machine = grantTypes.contains(AuthorizationGrantType.CLIENT_CREDENTIALS);
    if (machine) {
      ClientGrantTypes.checkMachineClient(clientId, client);
    } else {
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
            .clientName(client.getClientName() != null ? client.getClientName() : clientId);
    grantTypes.forEach(builder::authorizationGrantType);
    ClientSettings.Builder settings =
        ClientSettings.builder()
            .requireProofKey(!machine && client.isRequirePkce())
            .requireAuthorizationConsent(!machine)
            .setting(ClientSettingNames.REQUIRE_DPOP, client.isRequireDpop())
            .setting(
                ClientSettingNames.INTROSPECTION_AUDIENCES,
                String.join(" ", client.getIntrospectionAudiences()));
    boolean confidential =
        ClientAuthenticationMethods.configure(client, builder, settings, encoder);
    if (!client.isRequirePkce() && (!confidential || machine)) {
      throw new IllegalStateException(
          "client " + clientId + ": require-pkce: false is only for confidential clients");
    }
    // Refresh tokens: by default for confidential clients of the code flow, and for public ones
    // only DPoP-bound (DpopBoundRefreshTokenGenerator); an explicit grant-types list must name it.
    boolean refreshListed =
        client.getGrantTypes().isEmpty()
            || client.getGrantTypes().stream()
                .anyMatch(g -> AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(g.trim()));
    boolean refreshAllowed = !machine && (confidential || client.isRequireDpop());
    if (refreshListed && !client.getGrantTypes().isEmpty() && !refreshAllowed) {
      throw new IllegalStateException(
          "client "
              + clientId
              + ": refresh_token is only for confidential (or require-dpop) clients of"
              + " authorization_code");
    }
    if (refreshListed && refreshAllowed) {
      builder.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
    }
    if (client.isRequirePushedAuthorizationRequests()) {
      if (!confidential || machine) {
        throw new IllegalStateException(
            "client "
                + clientId
                + ": require-pushed-authorization-requests needs a confidential client with the"
                + " authorization_code grant (the PAR endpoint authenticates the client)");
      }
      settings.setting(ClientSettingNames.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS, true);
    }
    if (client.getBackchannelLogoutUri() != null) {
      if (machine) {
        throw new IllegalStateException(
            "client " + clientId + ": backchannel-logout-uri needs the authorization_code grant");
      }
      settings.setting(
          ClientSettingNames.BACKCHANNEL_LOGOUT_URI,
          BackchannelLogoutUris.check(clientId, client.getBackchannelLogoutUri()).toString());
    }
    client.getRedirectUris().forEach(builder::redirectUri);
    client.getPostLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
    client.getScopes().forEach(builder::scope);
    if (!machine) {
      String sector =
          client.getSectorIdentifier() != null
              ? client.getSectorIdentifier()
              : sectorOf(clientId, client.getRedirectUris());
      settings
          .setting(ClientSettingNames.SUBJECT_TYPE, subjectType)
          .setting(ClientSettingNames.SECTOR_IDENTIFIER, sector);
    }
    settings.setting(ClientSettingNames.REQUIRE_CARD, client.isRequireCard());
    builder.clientSettings(settings.build());
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
