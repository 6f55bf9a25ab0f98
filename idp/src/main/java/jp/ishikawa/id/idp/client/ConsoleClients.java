package jp.ishikawa.id.idp.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The admin console's changes to clients: create, edit, rotate a secret, replace the JWK set,
 * disable and enable. A client made here is checked by the same rules as a configured one ({@link
 * ConfiguredClients#toRegisteredClient}, from an {@link IshikawaIdProperties.Client} built from the
 * request), plus the console's own ({@link ConsoleClientChecks}: redirect URIs, scopes, names, JWK
 * sets of public keys only). Secrets are made here (256 random bits, base64url), returned once and
 * stored as SHA-256. Every change is written to the database and then announced ({@link
 * ClientChanges}), so every node serves it within seconds.
 */
public final class ConsoleClients {

  /** What the console sends to make a client. */
  public record Draft(
      String clientId,
      String name,
      String type,
      String tokenEndpointAuthMethod,
      List<String> redirectUris,
      List<String> postLogoutRedirectUris,
      List<String> scopes,
      String subjectType,
      String backchannelLogoutUri) {}

  /**
   * What the console changes; a {@code null} field is left as it is, except {@code
   * backchannelLogoutUri}, removed when {@code removeBackchannelLogoutUri}.
   */
  public record Changes(
      String name,
      List<String> redirectUris,
      List<String> postLogoutRedirectUris,
      List<String> scopes,
      String backchannelLogoutUri,
      boolean removeBackchannelLogoutUri) {}

  /** A client and, when one was just made, its secret (shown once, never stored in clear). */
  public record WithSecret(ClientRegistration registration, String clientSecret) {}

  private final ClientStore store;
  private final CachedRegisteredClientRepository clients;
  private final ClientChanges changes;
  private final Sha256SecretEncoder encoder = new Sha256SecretEncoder();
  private final SecureRandom random;

  public ConsoleClients(
      ClientStore store,
      CachedRegisteredClientRepository clients,
      ClientChanges changes,
      SecureRandom random) {
    this.store = store;
    this.clients = clients;
    this.changes = changes;
    this.random = random;
  }

  /** Every client, configured and made here, disabled ones too, by client id. */
  public List<ClientRegistration> list() {
    return clients.registrations().stream()
        .sorted(java.util.Comparator.comparing(r -> r.client().getClientId()))
        .toList();
  }

  public ClientRegistration get(String clientId) {
    return clients.registrations().stream()
        .filter(r -> r.client().getClientId().equals(clientId))
        .findFirst()
        .orElseThrow(
            () -> new ClientRefusal(ClientRefusal.Kind.NOT_FOUND, "no client " + clientId));
  }

  /** Makes a client; {@code byResidentId} is the staff member's resident id. */
  public WithSecret create(Draft draft, String byResidentId) {
    String clientId = ConsoleClientChecks.required(draft.clientId(), "clientId");
    if (!clientId.matches("[A-Za-z0-9._-]{3,100}")) {
      throw ClientRefusal.invalid("clientId must be 3-100 of A-Z a-z 0-9 . _ -");
    }
    String type = ConsoleClientChecks.required(draft.type(), "type");
    String method = ConsoleClientChecks.method(type, draft.tokenEndpointAuthMethod());
    IshikawaIdProperties.Client client = new IshikawaIdProperties.Client();
    client.setClientId(clientId);
    client.setClientName(ConsoleClientChecks.name(draft.name()));
    client.setTokenEndpointAuthMethod(method);
    if (type.equals("machine")) {
      client.setGrantTypes(List.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()));
      if (draft.subjectType() != null) {
        throw ClientRefusal.invalid("subjectType: a machine client has no resident behind it");
      }
    } else {
      client.setSubjectType(
          draft.subjectType() == null
              ? "pairwise"
              : ConsoleClientChecks.subjectType(draft.subjectType()));
    }
    client.setRedirectUris(ConsoleClientChecks.redirectUris("redirectUris", draft.redirectUris()));
    client.setPostLogoutRedirectUris(
        ConsoleClientChecks.redirectUris("postLogoutRedirectUris", draft.postLogoutRedirectUris()));
    client.setScopes(ConsoleClientChecks.scopes(draft.scopes()));
    client.setBackchannelLogoutUri(
        ConsoleClientChecks.uri("backchannelLogoutUri", draft.backchannelLogoutUri()));
    String secret = method.startsWith("client_secret_") ? newSecret() : null;
    client.setClientSecret(secret);
    if (clients.registrations().stream().anyMatch(r -> r.client().getClientId().equals(clientId))
        || store.find(clientId).isPresent()) {
      throw exists(clientId);
    }
    RegisteredClient registered = build(client, null);
    if (!store.create(registered, byResidentId)) {
      throw exists(clientId);
    }
    changes.announce(clientId);
    return new WithSecret(get(clientId), secret);
  }

  /** Edits a console client's name, redirect URIs, scopes or back-channel logout URI. */
  public ClientRegistration update(String clientId, Changes change, String byResidentId) {
    ClientRegistration current = consoleClient(clientId);
    IshikawaIdProperties.Client client = properties(current.client());
    if (change.name() != null) {
      client.setClientName(ConsoleClientChecks.name(change.name()));
    }
    if (change.redirectUris() != null) {
      client.setRedirectUris(
          ConsoleClientChecks.redirectUris("redirectUris", change.redirectUris()));
    }
    if (change.postLogoutRedirectUris() != null) {
      client.setPostLogoutRedirectUris(
          ConsoleClientChecks.redirectUris(
              "postLogoutRedirectUris", change.postLogoutRedirectUris()));
    }
    if (change.scopes() != null) {
      client.setScopes(ConsoleClientChecks.scopes(change.scopes()));
    }
    if (change.removeBackchannelLogoutUri()) {
      client.setBackchannelLogoutUri(null);
    } else if (change.backchannelLogoutUri() != null) {
      client.setBackchannelLogoutUri(
          ConsoleClientChecks.uri("backchannelLogoutUri", change.backchannelLogoutUri()));
    }
    store.update(build(client, current.client()), byResidentId);
    changes.announce(clientId);
    return get(clientId);
  }

  /** A new secret for a console client; the old one stops working at once. */
  public WithSecret rotateSecret(String clientId, String byResidentId) {
    ClientRegistration current = consoleClient(clientId);
    Set<ClientAuthenticationMethod> methods = current.client().getClientAuthenticationMethods();
    if (!methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
      throw new ClientRefusal(
          ClientRefusal.Kind.NO_SECRET, "client " + clientId + " does not authenticate by secret");
    }
    String secret = newSecret();
    store.update(
        RegisteredClient.from(current.client())
            .clientSecret("{sha256}" + encoder.encode(secret))
            .build(),
        byResidentId);
    changes.announce(clientId);
    return new WithSecret(get(clientId), secret);
  }

  /** Replaces a {@code private_key_jwt} console client's JWK set (public keys only). */
  public ClientRegistration replaceJwks(String clientId, String jwks, String byResidentId) {
    ClientRegistration current = consoleClient(clientId);
    if (!current
        .client()
        .getClientAuthenticationMethods()
        .contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
      throw ClientRefusal.invalid(
          "only a private_key_jwt client has a JWK set; client "
              + clientId
              + " authenticates otherwise");
    }
    JWKSet set = ConsoleClientChecks.publicKeys(jwks);
    boolean rsaOnly = set.getKeys().stream().allMatch(k -> KeyType.RSA.equals(k.getKeyType()));
    Map<String, Object> settings =
        new HashMap<>(current.client().getClientSettings().getSettings());
    settings.put(ClientSettingNames.JWKS, set.toString(true));
    RegisteredClient changed =
        RegisteredClient.from(current.client())
            .clientSettings(
                ClientSettings.withSettings(settings)
                    .tokenEndpointAuthenticationSigningAlgorithm(
                        rsaOnly ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256)
                    .build())
            .build();
    store.update(changed, byResidentId);
    changes.announce(clientId);
    return get(clientId);
  }

  /**
   * Sets a client's status (configuration clients too: the status is kept in the database); the
   * caller revokes the client's tokens.
   */
  public ClientRegistration status(
      String clientId, ClientRegistration.Status status, String byResidentId) {
    ClientRegistration current = get(clientId);
    store.status(current.client().getId(), status, byResidentId);
    changes.announce(clientId);
    return get(clientId);
  }

  private ClientRegistration consoleClient(String clientId) {
    ClientRegistration current = get(clientId);
    if (current.source() == ClientRegistration.Source.CONFIGURATION) {
      throw new ClientRefusal(
          ClientRefusal.Kind.CONFIGURED,
          "client " + clientId + " comes from the configuration file: change it there");
    }
    return current;
  }

  private static ClientRefusal exists(String clientId) {
    return new ClientRefusal(ClientRefusal.Kind.EXISTS, "a client " + clientId + " exists");
  }

  /**
   * Builds the client by the configured clients' rules. A console client may be made with {@code
   * private_key_jwt} before its keys are uploaded, and an edit does not know the secret in clear:
   * the rules are run with a stand-in (a throwaway public key, a throwaway secret) and the stored
   * keys and secret are put back in the result. Without keys the client cannot authenticate ({@link
   * ClientAssertionDecoderFactory} answers {@code invalid_client}).
   */
  private RegisteredClient build(IshikawaIdProperties.Client client, RegisteredClient existing) {
    boolean secretMethod =
        client.getTokenEndpointAuthMethod().startsWith("client_secret_")
            && client.getClientSecret() == null;
    if (secretMethod) {
      client.setClientSecret(newSecret());
    }
    boolean standInKeys =
        client.getTokenEndpointAuthMethod().equals("private_key_jwt") && client.getJwks() == null;
    if (standInKeys) {
      client.setJwks(STAND_IN_KEYS);
    }
    RegisteredClientRepository keepId =
        new RegisteredClientRepository() {
          @Override
          public void save(RegisteredClient registeredClient) {}

          @Override
          public RegisteredClient findById(String id) {
            return null;
          }

          @Override
          public RegisteredClient findByClientId(String id) {
            return existing;
          }
        };
    RegisteredClient built;
    try {
      built = ConfiguredClients.toRegisteredClient(client, keepId, encoder);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw ClientRefusal.invalid(
          e.getMessage().replace("ishikawa-id.clients: ", "").replace("-uris", "Uris"));
    }
    RegisteredClient.Builder builder = RegisteredClient.from(built);
    if (existing != null) {
      builder.clientIdIssuedAt(existing.getClientIdIssuedAt());
      if (secretMethod) {
        builder.clientSecret(existing.getClientSecret());
      }
    }
    if (standInKeys) {
      Map<String, Object> settings = new HashMap<>(built.getClientSettings().getSettings());
      settings.remove(ClientSettingNames.JWKS);
      builder.clientSettings(ClientSettings.withSettings(settings).build());
    }
    return builder.build();
  }

  private static final String STAND_IN_KEYS = standInKeys();

  private static String standInKeys() {
    try {
      return new JWKSet(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK()).toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("every JDK makes P-256 keys", e);
    }
  }

  /** The configured-client form of a stored client, for an edit to be checked like a new one. */
  private static IshikawaIdProperties.Client properties(RegisteredClient stored) {
    IshikawaIdProperties.Client client = new IshikawaIdProperties.Client();
    ClientSettings settings = stored.getClientSettings();
    client.setClientId(stored.getClientId());
    client.setClientName(stored.getClientName());
    client.setTokenEndpointAuthMethod(
        stored.getClientAuthenticationMethods().iterator().next().getValue());
    if (stored.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
      client.setGrantTypes(List.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()));
    } else {
      client.setSubjectType(settings.getSetting(ClientSettingNames.SUBJECT_TYPE));
      // The sector stays: a pairwise sub must not change when the redirect URIs do.
      client.setSectorIdentifier(settings.getSetting(ClientSettingNames.SECTOR_IDENTIFIER));
    }
    client.setRedirectUris(new ArrayList<>(stored.getRedirectUris()));
    client.setPostLogoutRedirectUris(new ArrayList<>(stored.getPostLogoutRedirectUris()));
    client.setScopes(new ArrayList<>(stored.getScopes()));
    client.setIdTokenSigningAlg(stored.getTokenSettings().getIdTokenSignatureAlgorithm().getName());
    if (settings.getTokenEndpointAuthenticationSigningAlgorithm() != null) {
      client.setTokenEndpointAuthSigningAlg(
          settings.getTokenEndpointAuthenticationSigningAlgorithm().getName());
    }
    client.setJwks(settings.getSetting(ClientSettingNames.JWKS));
    String logout = settings.getSetting(ClientSettingNames.BACKCHANNEL_LOGOUT_URI);
    client.setBackchannelLogoutUri(logout == null ? null : URI.create(logout));
    return client;
  }

  /** 256 random bits, base64url without padding (43 characters). */
  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
