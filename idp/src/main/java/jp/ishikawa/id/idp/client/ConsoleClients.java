package jp.ishikawa.id.idp.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * request), plus what a console must not let through: redirect URIs that are https (http only to
 * {@code localhost} or {@code 127.0.0.1}) without a fragment, wildcard or user info; at most
 * {@value #MAX_URIS} of at most {@value #MAX_URI_LENGTH} characters; a JWK set of public EC P-256
 * or RSA keys only. Secrets are made here (256 random bits, base64url), returned once and stored as
 * SHA-256. Every change is written to the database and then announced ({@link ClientChanges}), so
 * every node serves it within seconds.
 */
public final class ConsoleClients {

  public static final int MAX_URIS = 10;
  public static final int MAX_URI_LENGTH = 300;
  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_KEYS = 10;

  /**
   * Members of a JWK that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4).
   */
  static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");

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
    String clientId = required(draft.clientId(), "clientId");
    if (!clientId.matches("[A-Za-z0-9._-]{3,100}")) {
      throw ClientRefusal.invalid("clientId must be 3-100 of A-Z a-z 0-9 . _ -");
    }
    String type = required(draft.type(), "type");
    String method = method(type, draft.tokenEndpointAuthMethod());
    IshikawaIdProperties.Client client = new IshikawaIdProperties.Client();
    client.setClientId(clientId);
    client.setClientName(name(draft.name()));
    client.setTokenEndpointAuthMethod(method);
    if (type.equals("machine")) {
      client.setGrantTypes(List.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()));
      if (draft.subjectType() != null) {
        throw ClientRefusal.invalid("subjectType: a machine client has no resident behind it");
      }
    } else {
      client.setSubjectType(
          draft.subjectType() == null ? "pairwise" : subjectType(draft.subjectType()));
    }
    client.setRedirectUris(redirectUris("redirectUris", draft.redirectUris()));
    client.setPostLogoutRedirectUris(
        redirectUris("postLogoutRedirectUris", draft.postLogoutRedirectUris()));
    client.setScopes(scopes(draft.scopes()));
    client.setBackchannelLogoutUri(uri("backchannelLogoutUri", draft.backchannelLogoutUri()));
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
      client.setClientName(name(change.name()));
    }
    if (change.redirectUris() != null) {
      client.setRedirectUris(redirectUris("redirectUris", change.redirectUris()));
    }
    if (change.postLogoutRedirectUris() != null) {
      client.setPostLogoutRedirectUris(
          redirectUris("postLogoutRedirectUris", change.postLogoutRedirectUris()));
    }
    if (change.scopes() != null) {
      client.setScopes(scopes(change.scopes()));
    }
    if (change.removeBackchannelLogoutUri()) {
      client.setBackchannelLogoutUri(null);
    } else if (change.backchannelLogoutUri() != null) {
      client.setBackchannelLogoutUri(uri("backchannelLogoutUri", change.backchannelLogoutUri()));
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
    JWKSet set = publicKeys(jwks);
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

  private static String method(String type, String requested) {
    String method = requested == null ? null : requested.trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "confidential", "machine" -> {
        if (method == null) {
          yield "client_secret_basic";
        }
        if (!Set.of("client_secret_basic", "client_secret_post", "private_key_jwt")
            .contains(method)) {
          throw ClientRefusal.invalid(
              "tokenEndpointAuthMethod of a "
                  + type
                  + " client is client_secret_basic, client_secret_post or private_key_jwt");
        }
        yield method;
      }
      case "public" -> {
        if (method != null && !method.equals("none")) {
          throw ClientRefusal.invalid("tokenEndpointAuthMethod of a public client is none");
        }
        yield "none";
      }
      default -> throw ClientRefusal.invalid("type is confidential, public or machine");
    };
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ClientRefusal.invalid(field + " is required");
    }
    return value;
  }

  private static String name(String name) {
    String value = required(name, "name").strip();
    if (value.length() > MAX_NAME_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw ClientRefusal.invalid(
          "name is at most " + MAX_NAME_LENGTH + " characters, without control characters");
    }
    return value;
  }

  private static String subjectType(String subjectType) {
    if (!subjectType.equals("pairwise") && !subjectType.equals("public")) {
      throw ClientRefusal.invalid("subjectType is pairwise or public");
    }
    return subjectType;
  }

  private static List<String> scopes(List<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw ClientRefusal.invalid("scopes is required");
    }
    Set<String> distinct = new LinkedHashSet<>(scopes);
    for (String scope : distinct) {
      if (!ConfiguredClients.SUPPORTED_SCOPES.contains(scope)
          && !ClientGrantTypes.API_SCOPES.contains(scope)) {
        throw ClientRefusal.invalid("scopes: unknown scope " + scope);
      }
    }
    return new ArrayList<>(distinct);
  }

  /**
   * Redirect URIs (RFC 9700 §2.1, §4.1.3: exact match, so no wildcard; RFC 6749 §3.1.2: absolute,
   * no fragment): https, or http to {@code localhost} / {@code 127.0.0.1} (native apps, RFC 8252
   * §7.3); no user info.
   */
  static List<String> redirectUris(String field, List<String> uris) {
    if (uris == null) {
      return new ArrayList<>();
    }
    if (uris.size() > MAX_URIS) {
      throw ClientRefusal.invalid(field + ": at most " + MAX_URIS + " URIs");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String value : uris) {
      if (value == null || value.length() > MAX_URI_LENGTH) {
        throw ClientRefusal.invalid(field + ": each URI is at most " + MAX_URI_LENGTH + " chars");
      }
      if (value.contains("*")) {
        throw ClientRefusal.invalid(field + ": no wildcard (redirect URIs match exactly)");
      }
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw ClientRefusal.invalid(field + ": not a URI: " + value);
      }
      if (uri.getRawFragment() != null || value.contains("#")) {
        throw ClientRefusal.invalid(field + ": no fragment (RFC 6749 §3.1.2)");
      }
      boolean https = "https".equals(uri.getScheme());
      boolean loopback =
          "http".equals(uri.getScheme())
              && uri.getHost() != null
              && LOOPBACK.contains(uri.getHost());
      if (!uri.isAbsolute() || uri.getHost() == null || !(https || loopback)) {
        throw ClientRefusal.invalid(
            field + ": https only (http only to localhost or 127.0.0.1): " + value);
      }
      if (uri.getRawUserInfo() != null) {
        throw ClientRefusal.invalid(field + ": no user info in a redirect URI");
      }
      distinct.add(value);
    }
    return new ArrayList<>(distinct);
  }

  private static URI uri(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_URI_LENGTH) {
      throw ClientRefusal.invalid(field + " is at most " + MAX_URI_LENGTH + " characters");
    }
    try {
      return BackchannelLogoutUris.check("(console)", new URI(value));
    } catch (URISyntaxException e) {
      throw ClientRefusal.invalid(field + ": not a URI");
    } catch (IllegalStateException e) {
      throw ClientRefusal.invalid(
          field + ": must be an https URL (http only to loopback), without a fragment");
    }
  }

  /**
   * A JWK set of public keys only: every key EC P-256 or RSA, no private or symmetric member,
   * {@code use} absent or {@code sig}, at most {@value #MAX_KEYS}, and nothing but {@code keys}.
   */
  static JWKSet publicKeys(String jwks) {
    Map<String, Object> json;
    try {
      json = com.nimbusds.jose.util.JSONObjectUtils.parse(jwks);
    } catch (ParseException e) {
      throw ClientRefusal.invalid("jwks: not a JSON object");
    }
    if (!json.keySet().equals(Set.of("keys")) || !(json.get("keys") instanceof List<?> keys)) {
      throw ClientRefusal.invalid("jwks: a JWK set has one member, keys");
    }
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw ClientRefusal.invalid("jwks: 1 to " + MAX_KEYS + " keys");
    }
    for (Object key : keys) {
      if (!(key instanceof Map<?, ?> members)) {
        throw ClientRefusal.invalid("jwks: each key is a JSON object");
      }
      for (String member : PRIVATE_MEMBERS) {
        if (members.containsKey(member)) {
          throw ClientRefusal.invalid(
              "jwks: a key has the private member " + member + ": send public keys only");
        }
      }
      Object kty = members.get("kty");
      if (!"EC".equals(kty) && !"RSA".equals(kty)) {
        throw ClientRefusal.invalid("jwks: kty is EC or RSA, not " + kty);
      }
      Object use = members.get("use");
      if (use != null && !"sig".equals(use)) {
        throw ClientRefusal.invalid("jwks: use is sig");
      }
    }
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      throw ClientRefusal.invalid("jwks: not a JWK set: " + e.getMessage());
    }
    for (JWK key : set.getKeys()) {
      if (key.isPrivate()) {
        throw ClientRefusal.invalid("jwks: send public keys only");
      }
      if (KeyType.EC.equals(key.getKeyType()) && !Curve.P_256.equals(key.toECKey().getCurve())) {
        throw ClientRefusal.invalid("jwks: EC keys are P-256 (ES256)");
      }
      if (key.getAlgorithm() != null
          && !Set.of("ES256", "RS256").contains(key.getAlgorithm().getName())) {
        throw ClientRefusal.invalid("jwks: alg is ES256 or RS256");
      }
    }
    return set;
  }

  /** 256 random bits, base64url without padding (43 characters). */
  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
