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
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
    assertThat(list("acr_values_supported"))
        .containsExactly(
            AuthenticationContextClass.JPKI,
            AuthenticationContextClass.JPKI_REVOCATION_UNCHECKED,
            AuthenticationContextClass.PASSKEY);
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
  void authorizeWhenPkceOptionalButNoNonceThenInvalidRequest() {
    String request =
        metadata.getAuthorizationEndpointURI()
            + "?response_type=code&client_id="
            + LEGACY
            + "&redirect_uri="
            + LEGACY_REDIRECT
            + "&scope=openid&state=s1";

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
                    new com.nimbusds.oauth2.sdk.auth.ClientSecretBasic(
                        new ClientID(LEGACY), new Secret(LEGACY_SECRET)),
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
                    new com.nimbusds.oauth2.sdk.auth.ClientSecretBasic(
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
