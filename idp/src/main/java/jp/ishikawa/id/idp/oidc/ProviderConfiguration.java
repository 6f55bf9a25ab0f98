package jp.ishikawa.id.idp.oidc;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jp.ishikawa.id.idp.authorize.UiLocalesFilter;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.jpki.JpkiSettings;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.idp.token.ResidentClaims;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

/**
 * What {@code /.well-known/openid-configuration} and {@code
 * /.well-known/oauth-authorization-server} say, computed at each request from the active clients
 * (configured or made in the admin console) and the settings (issue 8: a relying party reads
 * discovery and nothing else, so every value is what this deployment really does):
 *
 * <ul>
 *   <li>grant types, token endpoint authentication methods, subject types, ID token signing
 *       algorithms and scopes: the union over the configured clients, so a capability appears as
 *       soon as one client has it and disappears with the last one;
 *   <li>{@code claims_supported}: the ID token's own claims and {@link ResidentClaims} of those
 *       scopes; {@code acr_values_supported}: what the revocation mode can produce;
 *   <li>what we refuse is said to be unsupported ({@code request}, {@code request_uri}), what the
 *       framework's default advertises and no client can use is removed (mTLS-bound tokens, {@code
 *       client_secret_jwt}, token exchange; client credentials and DPoP only where a configured
 *       client uses them);
 *   <li>RFC 9207 {@code iss} in authorization responses, {@code response_mode=query} only, {@code
 *       ui_locales} ja and en, operator documents where configured.
 * </ul>
 */
public final class ProviderConfiguration {

  /** Claims of every ID token (OIDC Core §2), besides {@code sub} and the resident's. */
  static final List<String> ID_TOKEN_CLAIMS =
      List.of("iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "sid");

  private final Supplier<Collection<RegisteredClient>> clients;
  private final IshikawaIdProperties properties;
  private final JpkiSettings jpki;

  /**
   * @param jpki the JPKI settings in force (demo mode's replace the operator's)
   */
  public ProviderConfiguration(
      Supplier<Collection<RegisteredClient>> clients,
      IshikawaIdProperties properties,
      JpkiSettings jpki) {
    this.clients = clients;
    this.properties = properties;
    this.jpki = jpki;
  }

  /** The clients discovery is computed from (the active ones), read at every request. */
  public Supplier<Collection<RegisteredClient>> clients() {
    return clients;
  }

  /** For the OpenID Connect discovery document. */
  public Consumer<OidcProviderConfiguration.Builder> openIdConfiguration() {
    return builder -> builder.claims(claims -> apply(claims, true));
  }

  /** For the RFC 8414 authorization server metadata. */
  public Consumer<OAuth2AuthorizationServerMetadata.Builder> authorizationServerMetadata() {
    return builder -> builder.claims(claims -> apply(claims, false));
  }

  void apply(Map<String, Object> claims, boolean openId) {
    Collection<RegisteredClient> registered = clients.get();
    Set<String> grants =
        union(registered, c -> c.getAuthorizationGrantTypes().stream().map(g -> g.getValue()));
    Set<String> methods =
        union(registered, c -> c.getClientAuthenticationMethods().stream().map(m -> m.getValue()));
    Set<String> scopes = union(registered, c -> c.getScopes().stream());
    claims.put("grant_types_supported", new ArrayList<>(grants));
    claims.put("token_endpoint_auth_methods_supported", new ArrayList<>(methods));
    // Revocation and introspection need an authenticated client: never "none".
    List<String> authenticated =
        methods.stream()
            .filter(m -> !ClientAuthenticationMethod.NONE.getValue().equals(m))
            .toList();
    putOrRemove(claims, "revocation_endpoint_auth_methods_supported", authenticated);
    putOrRemove(claims, "introspection_endpoint_auth_methods_supported", authenticated);
    claims.put("response_types_supported", List.of("code"));
    claims.put("response_modes_supported", List.of("query"));
    claims.put("code_challenge_methods_supported", List.of("S256"));
    claims.put("authorization_response_iss_parameter_supported", true);
    claims.put("scopes_supported", new ArrayList<>(scopes));
    claims.put("ui_locales_supported", UiLocalesFilter.SUPPORTED);
    // The framework's defaults that no client here can use.
    claims.remove("tls_client_certificate_bound_access_tokens");
    // DPoP (RFC 9449): the framework's list of proof algorithms, where some client is bound to it.
    if (registered.stream()
        .noneMatch(
            c ->
                Boolean.TRUE.equals(
                    c.getClientSettings().<Object>getSetting(ClientSettingNames.REQUIRE_DPOP)))) {
      claims.remove("dpop_signing_alg_values_supported");
    }
    // private_key_jwt: the algorithms those clients registered for their assertions.
    List<String> assertionAlgorithms =
        new ArrayList<>(
            union(
                registered.stream()
                    .filter(
                        c ->
                            c.getClientAuthenticationMethods()
                                .contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT))
                    .toList(),
                c ->
                    Stream.ofNullable(
                            c.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm())
                        .map(a -> a.getName())));
    putOrRemove(claims, "token_endpoint_auth_signing_alg_values_supported", assertionAlgorithms);
    if (!grants.contains(AuthorizationGrantType.AUTHORIZATION_CODE.getValue())) {
      claims.remove("code_challenge_methods_supported");
    }
    documents(claims);
    if (!openId) {
      return;
    }
    claims.put("subject_types_supported", new ArrayList<>(subjectTypes(registered)));
    claims.put(
        "id_token_signing_alg_values_supported",
        new ArrayList<>(
            union(
                registered,
                c -> Stream.of(c.getTokenSettings().getIdTokenSignatureAlgorithm().getName()))));
    claims.put("claims_supported", claimsSupported(scopes));
    claims.put("claim_types_supported", List.of("normal"));
    claims.put("claims_parameter_supported", true);
    claims.put("request_parameter_supported", false);
    claims.put("request_uri_parameter_supported", false);
    claims.put("acr_values_supported", acrValues());
  }

  private void documents(Map<String, Object> claims) {
    IshikawaIdProperties.Discovery discovery = properties.getDiscovery();
    putIfSet(claims, "service_documentation", discovery.getServiceDocumentation());
    putIfSet(claims, "op_policy_uri", discovery.getOpPolicyUri());
    putIfSet(claims, "op_tos_uri", discovery.getOpTosUri());
  }

  /**
   * Revocation off (demo mode only) can only give the unchecked card class; every revocation mode
   * fails closed (an unknown status refuses the login), so it gives only the checked one. Passkey
   * logins (registered after a card login) give the passkey class.
   */
  List<String> acrValues() {
    String mode = jpki.revocation() == null ? "crl" : jpki.revocation().trim();
    return "none".equalsIgnoreCase(mode)
        ? List.of(
            AuthenticationContextClass.JPKI_REVOCATION_UNCHECKED,
            AuthenticationContextClass.PASSKEY)
        : List.of(AuthenticationContextClass.JPKI, AuthenticationContextClass.PASSKEY);
  }

  static List<String> claimsSupported(Set<String> scopes) {
    List<String> supported = new ArrayList<>();
    supported.add("sub");
    supported.addAll(ID_TOKEN_CLAIMS);
    for (String scope : new TreeSet<>(scopes)) {
      supported.addAll(ResidentClaims.CLAIMS_BY_SCOPE.getOrDefault(scope, List.of()));
    }
    return supported;
  }

  private static Set<String> subjectTypes(Collection<RegisteredClient> registered) {
    Set<String> types =
        union(
            registered,
            // Machine clients (client_credentials) have no subject type: no resident behind them.
            c ->
                Stream.ofNullable(
                        c.getClientSettings().<Object>getSetting(ClientSettingNames.SUBJECT_TYPE))
                    .map(String::valueOf));
    if (types.isEmpty()) {
      types.add("public");
    }
    return types;
  }

  private static Set<String> union(
      Collection<RegisteredClient> registered, Function<RegisteredClient, Stream<String>> values) {
    Set<String> union = new TreeSet<>();
    registered.forEach(client -> values.apply(client).forEach(union::add));
    return union;
  }

  private static void putOrRemove(Map<String, Object> claims, String name, List<String> values) {
    if (values.isEmpty()) {
      claims.remove(name);
    } else {
      claims.put(name, values);
    }
  }

  private static void putIfSet(Map<String, Object> claims, String name, URI value) {
    if (value != null) {
      claims.put(name, value.toString());
    }
  }
}
