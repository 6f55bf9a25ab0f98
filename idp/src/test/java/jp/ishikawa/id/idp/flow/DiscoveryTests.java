package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Walks the discovery document (issue 8 part 1): each advertised value is what the configured
 * clients really use, is exercised once and works; what is not advertised is refused. The IdP has
 * the three usual clients and a fourth, {@code legacy}: confidential, {@code client_secret_post},
 * {@code require-pkce: false} (an older service that protects the code with {@code nonce}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTests {

  static final String LEGACY = "legacy";
  static final String LEGACY_SECRET = "legacy-secret-0123456789-abcdefghijklmnop";
  static final URI LEGACY_REDIRECT = URI.create("https://legacy.example/cb");

  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;
  private Map<String, Object> document;

  static Map<String, Object> legacyClient(int index) {
    String prefix = "ishikawa-id.clients[" + index + "].";
    return Map.of(
        prefix + "client-id", LEGACY,
        prefix + "client-secret", LEGACY_SECRET,
        prefix + "redirect-uris[0]", LEGACY_REDIRECT.toString(),
        prefix + "scopes[0]", "openid",
        prefix + "scopes[1]", "profile",
        prefix + "token-endpoint-auth-method", "client_secret_post",
        prefix + "require-pkce", "false");
  }

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> properties = new java.util.HashMap<>(legacyClient(3));
    properties.put("ishikawa-id.discovery.service-documentation", "https://id.example/docs/rp");
    properties.put("ishikawa-id.discovery.op-policy-uri", "https://id.example/policy");
    idp = TestIdentityProvider.start(TestIdentityProvider.Storage.EMBEDDED, properties);
    metadata = OidcRelyingParty.discover(idp.issuer());
    document = Browser.json(new Browser(idp.issuer()).getJson("/.well-known/openid-configuration"));
  }

  @AfterAll
  void stop() {
    idp.close();
  }

  private TestResident newResident() {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("発見　" + System.nanoTime())));
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(String name) {
    return (List<Object>) document.get(name);
  }

  @Test
  void discoveryWhenReadThenListsExactlyWhatTheClientsUse() {
    assertThat(list("grant_types_supported"))
        .containsExactlyInAnyOrder("authorization_code", "refresh_token");
    assertThat(list("token_endpoint_auth_methods_supported"))
        .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
    assertThat(list("revocation_endpoint_auth_methods_supported"))
        .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
    assertThat(list("subject_types_supported")).containsExactlyInAnyOrder("public", "pairwise");
    assertThat(list("id_token_signing_alg_values_supported"))
        .containsExactlyInAnyOrder("ES256", "RS256");
    assertThat(list("scopes_supported"))
        .containsExactlyInAnyOrder(
            "openid", "profile", "address", "birthdate", "gender", "ishikawa_residency");
    assertThat(list("claims_supported"))
        .contains("sub", "acr", "amr", "auth_time", "name", "birthdate", "address")
        .contains("ishikawa_resident", "municipality_code", "age_over_18", "age_over_20");
    // Revocation is checked (CRLs), failing closed: only the checked card class can happen; and
    // passkey logins (registered after a card login).
    assertThat(list("acr_values_supported"))
        .containsExactly(AuthenticationContextClass.JPKI, AuthenticationContextClass.PASSKEY);
    assertThat(list("response_types_supported")).containsExactly("code");
    assertThat(list("response_modes_supported")).containsExactly("query");
    assertThat(list("code_challenge_methods_supported")).containsExactly("S256");
    assertThat(list("ui_locales_supported")).containsExactly("ja", "en");
    assertThat(document)
        .containsEntry("authorization_response_iss_parameter_supported", true)
        .containsEntry("claims_parameter_supported", true)
        .containsEntry("request_parameter_supported", false)
        .containsEntry("request_uri_parameter_supported", false)
        .containsEntry("service_documentation", "https://id.example/docs/rp")
        .containsEntry("op_policy_uri", "https://id.example/policy")
        .doesNotContainKey("op_tos_uri")
        .doesNotContainKey("tls_client_certificate_bound_access_tokens")
        .doesNotContainKey("dpop_signing_alg_values_supported");
  }

  /**
   * Each advertised grant type, client authentication method, ID token algorithm, subject type,
   * response mode, PKCE method and claim is used once by a client of the document, and works.
   */
  @Test
  void discoveryWhenWalkedThenEveryAdvertisedValueIsExercisedAndWorks() throws Exception {
    Set<String> grants = new TreeSet<>();
    Set<String> methods = new TreeSet<>();
    Set<String> algorithms = new TreeSet<>();
    Set<String> subjectTypes = new TreeSet<>();
    Set<String> claims = new TreeSet<>();
    Set<String> responseModes = new TreeSet<>();
    Set<String> challengeMethods = new TreeSet<>();
    Set<String> acrs = new TreeSet<>();
    TestResident resident =
        new TestResident(
            idp.issuer(),
            TestCards.issue(
                idp.pki(),
                TestFacts.defaults().withName("歩行　" + System.nanoTime()).withGenderCode("2")));
    String ishikawaId = null;
    record Use(
        OidcRelyingParty client,
        String scope,
        boolean pkce,
        java.util.function.Function<OidcRelyingParty, ClientAuthentication> authentication,
        String method) {}
    List<Use> uses =
        List.of(
            new Use(
                rp(
                    TestIdentityProvider.PORTAL,
                    TestIdentityProvider.PORTAL_SECRET,
                    TestIdentityProvider.PORTAL_REDIRECT,
                    JWSAlgorithm.ES256),
                String.join(" ", list("scopes_supported").stream().map(String::valueOf).toList()),
                true,
                rp -> new ClientSecretBasic(rp.clientId, rp.secret),
                "client_secret_basic"),
            new Use(
                rp(
                    TestIdentityProvider.POINTS,
                    TestIdentityProvider.POINTS_SECRET,
                    TestIdentityProvider.POINTS_REDIRECT,
                    JWSAlgorithm.RS256),
                "openid ishikawa_residency",
                true,
                rp -> new ClientSecretBasic(rp.clientId, rp.secret),
                "client_secret_basic"),
            new Use(
                rp(
                    TestIdentityProvider.COUPON,
                    null,
                    TestIdentityProvider.COUPON_REDIRECT,
                    JWSAlgorithm.ES256),
                "openid ishikawa_residency",
                true,
                rp -> null,
                "none"),
            new Use(
                rp(LEGACY, LEGACY_SECRET, LEGACY_REDIRECT, JWSAlgorithm.ES256),
                "openid profile",
                false,
                rp -> new ClientSecretPost(rp.clientId, rp.secret),
                "client_secret_post"));
    for (Use use : uses) {
      OidcRelyingParty client = use.client();
      OidcRelyingParty.Attempt attempt =
          use.pkce() ? client.authorize(use.scope()) : withoutPkce(client, use.scope());
      URI redirect = throughLogin(resident, attempt);
      responseModes.add(redirect.getRawQuery() != null ? "query" : "other");
      if (use.pkce()) {
        challengeMethods.add("S256");
      }
      AuthorizationCodeGrant grant =
          new AuthorizationCodeGrant(
              client.code(redirect, attempt),
              client.redirectUri,
              use.pkce() ? attempt.verifier : null);
      ClientAuthentication authentication = use.authentication().apply(client);
      TokenRequest request =
          authentication == null
              ? new TokenRequest.Builder(metadata.getTokenEndpointURI(), client.clientId, grant)
                  .build()
              : new TokenRequest.Builder(metadata.getTokenEndpointURI(), authentication, grant)
                  .build();
      OIDCTokens tokens =
          OidcEndToEndContractSupport.tokens(
              OIDCTokenResponseParser.parse(request.toHTTPRequest().send()));
      grants.add("authorization_code");
      methods.add(use.method());
      algorithms.add(tokens.getIDToken().getHeader().getAlgorithm().getName());
      IDTokenClaimsSet idToken = client.validate(tokens.getIDToken(), attempt.nonce);
      claims.addAll(idToken.toJWTClaimsSet().getClaims().keySet());
      acrs.add(idToken.getACR().getValue());
      UserInfo info = OidcEndToEndContractSupport.userInfo(metadata, tokens.getBearerAccessToken());
      claims.addAll(info.toJSONObject().keySet());
      String sub = idToken.getSubject().getValue();
      if (ishikawaId == null) {
        ishikawaId = sub; // the portal is a public client: its sub is the Ishikawa ID
      }
      subjectTypes.add(sub.equals(ishikawaId) ? "public" : "pairwise");
      if (tokens.getRefreshToken() != null) {
        TokenRequest refresh =
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    authentication,
                    new com.nimbusds.oauth2.sdk.RefreshTokenGrant(tokens.getRefreshToken()))
                .build();
        OidcEndToEndContractSupport.tokens(
            OIDCTokenResponseParser.parse(refresh.toHTTPRequest().send()));
        grants.add("refresh_token");
      }
    }

    assertThat(grants).containsAll(strings("grant_types_supported"));
    assertThat(methods).containsAll(strings("token_endpoint_auth_methods_supported"));
    assertThat(algorithms).containsAll(strings("id_token_signing_alg_values_supported"));
    assertThat(subjectTypes).containsAll(strings("subject_types_supported"));
    assertThat(responseModes).containsAll(strings("response_modes_supported"));
    assertThat(challengeMethods).containsAll(strings("code_challenge_methods_supported"));
    assertThat(claims).containsAll(strings("claims_supported"));
    assertThat(acrs).containsAll(strings("acr_values_supported"));
  }

  private List<String> strings(String name) {
    return list(name).stream().map(String::valueOf).toList();
  }

  private OidcRelyingParty rp(String id, String secret, URI redirect, JWSAlgorithm algorithm) {
    return new OidcRelyingParty(metadata, id, secret, redirect, algorithm);
  }

  private OidcRelyingParty.Attempt withoutPkce(OidcRelyingParty client, String scope) {
    OidcRelyingParty.Attempt attempt = new OidcRelyingParty.Attempt();
    attempt.uri =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, Scope.parse(scope), client.clientId, client.redirectUri)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(attempt.state)
            .nonce(attempt.nonce)
            .build()
            .toURI();
    return attempt;
  }

  @Test
  void tokenWhenTokenExchangeNotAdvertisedThenRefused() throws Exception {
    HttpResponse<String> response =
        new Browser(idp.issuer())
            .postForm(
                "/oauth2/token",
                Map.of(
                    "grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"),
                    "client_id", List.of(TestIdentityProvider.PORTAL),
                    "client_secret", List.of(TestIdentityProvider.PORTAL_SECRET),
                    "subject_token", List.of("x"),
                    "subject_token_type",
                        List.of("urn:ietf:params:oauth:token-type:access_token")));

    // The portal authenticates with client_secret_basic only: a secret in the body is no
    // authentication, and token exchange is no grant of any client.
    assertThat(response.statusCode()).isIn(400, 401);
    assertThat(response.body()).containsAnyOf("invalid_client", "unauthorized_client");
  }

  @Test
  void authorizeWhenResponseTypeTokenNotAdvertisedThenUnsupportedResponseType() {
    HttpResponse<String> response =
        new Browser(idp.issuer())
            .get(
                metadata.getAuthorizationEndpointURI()
                    + "?response_type=token&client_id="
                    + TestIdentityProvider.PORTAL
                    + "&redirect_uri="
                    + TestIdentityProvider.PORTAL_REDIRECT
                    + "&scope=openid&state=s1");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("access_token");
  }

  @Test
  void authorizeWhenPlainCodeChallengeNotAdvertisedThenInvalidRequest() {
    String verifierAsChallenge = "0123456789012345678901234567890123456789abc";
    HttpResponse<String> response =
        new Browser(idp.issuer())
            .get(
                metadata.getAuthorizationEndpointURI()
                    + "?response_type=code&client_id="
                    + TestIdentityProvider.PORTAL
                    + "&redirect_uri="
                    + TestIdentityProvider.PORTAL_REDIRECT
                    + "&scope=openid&state=s1&code_challenge="
                    + verifierAsChallenge
                    + "&code_challenge_method=plain");

    assertThat(Browser.location(response).toString())
        .startsWith(TestIdentityProvider.PORTAL_REDIRECT.toString())
        .contains("error=invalid_request");
  }

  @Test
  void authorizationServerMetadataWhenReadThenSameTruth() {
    Map<String, Object> metadata =
        Browser.json(new Browser(idp.issuer()).getJson("/.well-known/oauth-authorization-server"));

    assertThat(metadata.get("grant_types_supported")).isEqualTo(list("grant_types_supported"));
    assertThat(metadata.get("token_endpoint_auth_methods_supported"))
        .isEqualTo(list("token_endpoint_auth_methods_supported"));
    assertThat(metadata)
        .containsEntry("authorization_response_iss_parameter_supported", true)
        .doesNotContainKey("tls_client_certificate_bound_access_tokens")
        .doesNotContainKey("subject_types_supported");
  }

  @Test
  void clientSecretPostWithoutPkceWhenNonceThenTokensAndAdvertisedClaims() throws Exception {
    TestResident resident = newResident();
    OidcRelyingParty legacy =
        new OidcRelyingParty(metadata, LEGACY, LEGACY_SECRET, LEGACY_REDIRECT, JWSAlgorithm.ES256);
    OidcRelyingParty.Attempt attempt = new OidcRelyingParty.Attempt();
    attempt.uri =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope("openid", "profile"), legacy.clientId, LEGACY_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(attempt.state)
            .nonce(attempt.nonce)
            .build()
            .toURI();

    URI redirect = throughLogin(resident, attempt);

    TokenRequest request =
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(),
                new ClientSecretPost(legacy.clientId, new Secret(LEGACY_SECRET)),
                new AuthorizationCodeGrant(legacy.code(redirect, attempt), LEGACY_REDIRECT))
            .build();
    OIDCTokens tokens =
        OidcEndToEndContractSupport.tokens(
            OIDCTokenResponseParser.parse(request.toHTTPRequest().send()));
    assertThat(legacy.validate(tokens.getIDToken(), attempt.nonce)).isNotNull();
    UserInfo info = OidcEndToEndContractSupport.userInfo(metadata, tokens.getBearerAccessToken());
    assertThat(info.getName()).startsWith("発見");
  }

  @Test
  void authorizeWhenPkceOptionalAndNoNonceThenTheRequestIsAccepted() {
    String request =
        metadata.getAuthorizationEndpointURI()
            + "?response_type=code&client_id="
            + LEGACY
            + "&redirect_uri="
            + LEGACY_REDIRECT
            + "&scope=openid&state=s1";

    HttpResponse<String> response = new Browser(idp.issuer()).get(request);

    assertThat(Browser.location(response).toString())
        .doesNotStartWith(LEGACY_REDIRECT.toString())
        .contains("/login");
  }

  @Test
  void authorizeWhenPkceOptionalButNotOpenIdThenInvalidRequest() {
    String request =
        metadata.getAuthorizationEndpointURI()
            + "?response_type=code&client_id="
            + LEGACY
            + "&redirect_uri="
            + LEGACY_REDIRECT
            + "&scope=profile&state=s1";

    HttpResponse<String> response = new Browser(idp.issuer()).get(request);

    assertThat(Browser.location(response).toString())
        .startsWith(LEGACY_REDIRECT.toString())
        .contains("error=invalid_request");
  }

  @Test
  void tokenWhenClientSecretBasicForAPostClientThenInvalidClient() throws Exception {
    TokenResponse response =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    new ClientSecretBasic(new ClientID(LEGACY), new Secret(LEGACY_SECRET)),
                    new ClientCredentialsGrant())
                .build()
                .toHTTPRequest()
                .send());

    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("invalid_client");
  }

  @Test
  void tokenWhenClientCredentialsNotAdvertisedThenRefused() throws Exception {
    TokenResponse response =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    new ClientSecretBasic(
                        new ClientID(TestIdentityProvider.PORTAL),
                        new Secret(TestIdentityProvider.PORTAL_SECRET)),
                    new ClientCredentialsGrant())
                .build()
                .toHTTPRequest()
                .send());

    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("unauthorized_client");
  }

  /** Login (and registration) and consent, up to the redirect to the client. */
  private URI throughLogin(TestResident resident, OidcRelyingParty.Attempt attempt) {
    Browser browser = resident.browser();
    HttpResponse<String> response = browser.get(attempt.uri.toString());
    if (Browser.isRedirect(response) && Browser.location(response).getPath().equals("/login")) {
      browser.open("/login");
      response = resident.logInFromLoginPage();
    }
    response = browser.follow(response);
    if (response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      response = OidcEndToEndContract.approveConsent(browser, response);
    }
    assertThat(Browser.isRedirect(response)).as(response.body()).isTrue();
    return Browser.location(response);
  }
}
