package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.client.Sha256SecretEncoder;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The admin endpoints for services (issue 9, docs/management-api.md): an admin makes a client in
 * the console and it completes a code flow with the Nimbus SDK; edits, secret rotation, JWK set
 * upload, disabling and enabling take effect at once; a configuration client can be disabled (and
 * stays so across a restart) but not edited. Every attack is refused with the right status, and
 * audited where the API audits it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminClientsContract {

  private static final AtomicInteger SERIAL = new AtomicInteger();

  private TestIdentityProvider idp;
  private JdbcClient jdbc;
  private AdminClientsApi api;

  private CardContents adminCard;
  private String adminIshikawaId;
  private OIDCTokens admin;
  private Instant adminTappedAt;
  private OIDCTokens resident;
  private OIDCTokens auditor;
  private OIDCTokens portal;

  /** Signs in to the services the tests make. */
  private TestResident user;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> settings = new HashMap<>(ManagementLogin.clientSettings(6));
    idp = TestIdentityProvider.start(storage(), settings);
    jdbc = idp.bean(JdbcClient.class);
    api = new AdminClientsApi(idp.issuer());
    adminCard =
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("管理者　" + System.nanoTime()));
    admin = ManagementLogin.tokens(idp, new TestResident(idp.issuer(), adminCard));
    adminTappedAt = Instant.now();
    adminIshikawaId = admin.getIDToken().getJWTClaimsSet().getSubject();
    idp.bean(StaffProperties.class).getAdmins().add(adminIshikawaId);
    TestResident someone = newResident("住民");
    portal = PortalLogin.tokens(idp, someone);
    resident = ManagementLogin.tokens(idp, someone);
    auditor = ManagementLogin.tokens(idp, newResident("監査"));
    idp.bean(StaffProperties.class)
        .getAuditors()
        .add(auditor.getIDToken().getJWTClaimsSet().getSubject());
    user = newResident("利用者");
  }

  @AfterAll
  void stop() {
    idp.close();
  }

  private TestResident newResident(String name) {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName(name + "　" + System.nanoTime())));
  }

  /** The admin's token, from a card tap of the last three minutes (fresh for FreshCardTap). */
  private String adminToken() throws Exception {
    if (Duration.between(adminTappedAt, Instant.now()).compareTo(Duration.ofMinutes(3)) > 0) {
      admin = ManagementLogin.tokens(idp, new TestResident(idp.issuer(), adminCard));
      adminTappedAt = Instant.now();
    }
    return admin.getAccessToken().getValue();
  }

  private static String newClientId() {
    return "console-" + SERIAL.incrementAndGet() + "-" + System.nanoTime() % 100000;
  }

  private static URI redirect(String clientId) {
    return URI.create("https://" + clientId + ".example/callback");
  }

  private static String createBody(String clientId, String extra) {
    return "{\"clientId\":\""
        + clientId
        + "\",\"name\":\"市立図書館\",\"type\":\"confidential\",\"redirectUris\":[\""
        + redirect(clientId)
        + "\"],\"scopes\":[\"openid\",\"profile\"]"
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  private JsonNode created(String body) throws Exception {
    HttpResponse<String> response = api.json("POST", "/api/admin/clients", adminToken(), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return AdminClientsApi.read(response);
  }

  private static ClientSecretBasic basic(String clientId, String secret) {
    return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
  }

  private OIDCTokens logIn(String clientId, ClientSecretBasic authentication) throws Exception {
    AdminClientLogin.Authorization authorization =
        AdminClientLogin.authorize(idp, user, clientId, redirect(clientId));
    TokenResponse tokens =
        AdminClientLogin.exchange(idp, authentication, authorization, redirect(clientId));
    assertThat(tokens.indicatesSuccess()).as(() -> describe(tokens)).isTrue();
    return ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens();
  }

  private String residentId(String ishikawaId) {
    return jdbc.sql("SELECT id FROM resident WHERE ishikawa_id = ?")
        .param(ishikawaId)
        .query(String.class)
        .single();
  }

  private long audited(String event, String clientId) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND client_id = ?"
                + " AND resident_id = ? AND outcome = 'success'")
        .params(event, clientId, residentId(adminIshikawaId))
        .query(Long.class)
        .single();
  }

  private long refusals(String reason, String detail) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = 'management.refused'"
                + " AND reason_code = ? AND detail = ?")
        .params(reason, detail)
        .query(Long.class)
        .single();
  }

  private static String code(HttpResponse<String> response) {
    return AdminClientsApi.read(response).get("code").asString();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(code(response)).isEqualTo(code);
  }

  private static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  // --- what an admin does ---

  @Test
  void createWhenConfidentialThenTheReturnedSecretCompletesACodeFlow() throws Exception {
    String clientId = newClientId();

    JsonNode created = created(createBody(clientId, null));

    JsonNode client = created.get("client");
    assertThat(client.get("clientId").asString()).isEqualTo(clientId);
    assertThat(client.get("source").asString()).isEqualTo("console");
    assertThat(client.get("status").asString()).isEqualTo("active");
    assertThat(client.get("type").asString()).isEqualTo("confidential");
    assertThat(client.get("tokenEndpointAuthMethod").asString()).isEqualTo("client_secret_basic");
    assertThat(client.get("subjectType").asString()).isEqualTo("pairwise");
    assertThat(client.get("hasJwks").asBoolean()).isFalse();
    String secret = created.get("clientSecret").asString();
    assertThat(secret).matches("[A-Za-z0-9_-]{43,}");
    assertThat(
            jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
                .param(clientId)
                .query(String.class)
                .single())
        .isEqualTo("{sha256}" + new Sha256SecretEncoder().encode(secret));
    assertThat(audited(AdminClientsController.CREATED, clientId)).isEqualTo(1);

    OIDCTokens tokens = logIn(clientId, basic(clientId, secret));

    assertThat(AdminClientLogin.userInfoOk(idp, tokens.getBearerAccessToken()).getSubject())
        .isNotNull();
    assertThat(tokens.getIDToken().getJWTClaimsSet().getAudience()).containsExactly(clientId);
  }

  @Test
  void listAndGetWhenAdminThenConfigurationAndConsoleClients() throws Exception {
    String clientId = newClientId();
    created(createBody(clientId, null));

    HttpResponse<String> list = api.call("GET", "/api/admin/clients", adminToken(), null, null);

    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    Map<String, String> sources = new HashMap<>();
    AdminClientsApi.read(list)
        .forEach(c -> sources.put(c.get("clientId").asString(), c.get("source").asString()));
    assertThat(sources)
        .containsEntry(TestIdentityProvider.PORTAL, "configuration")
        .containsEntry(clientId, "console");
    HttpResponse<String> one =
        api.call("GET", "/api/admin/clients/" + clientId, adminToken(), null, null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(AdminClientsApi.read(one).propertyNames())
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                "clientId",
                "name",
                "source",
                "status",
                "type",
                "tokenEndpointAuthMethod",
                "redirectUris",
                "postLogoutRedirectUris",
                "scopes",
                "subjectType",
                "backchannelLogoutUri",
                "hasJwks",
                "createdAt",
                "updatedAt"));
    assertProblem(
        api.call("GET", "/api/admin/clients/no-such-client", adminToken(), null, null),
        404,
        "not_found");
  }

  @Test
  void patchWhenRedirectUrisChangedThenTheOldOneRefusedAndTheNewOneWorks() throws Exception {
    String clientId = newClientId();
    String secret = created(createBody(clientId, null)).get("clientSecret").asString();
    URI moved = URI.create("https://" + clientId + ".example/v2/callback");

    HttpResponse<String> patched =
        api.json(
            "PATCH",
            "/api/admin/clients/" + clientId,
            adminToken(),
            "{\"redirectUris\":[\"" + moved + "\"],\"name\":\"新しい名前\"}");

    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(AdminClientsApi.read(patched).get("redirectUris").get(0).asString())
        .isEqualTo(moved.toString());
    assertThat(audited(AdminClientsController.UPDATED, clientId)).isEqualTo(1);
    assertThat(AdminClientLogin.authorize(idp, user, clientId, redirect(clientId)).refused())
        .isTrue();
    AdminClientLogin.Authorization authorization =
        AdminClientLogin.authorize(idp, user, clientId, moved);
    assertThat(
            AdminClientLogin.exchange(idp, basic(clientId, secret), authorization, moved)
                .indicatesSuccess())
        .isTrue();
  }

  @Test
  void rotateSecretWhenFreshTapThenTheOldSecretIsInvalidClientAndTheNewOneWorks() throws Exception {
    String clientId = newClientId();
    String old = created(createBody(clientId, null)).get("clientSecret").asString();
    logIn(clientId, basic(clientId, old));

    HttpResponse<String> rotated =
        api.call("POST", "/api/admin/clients/" + clientId + "/secret", adminToken(), null, null);

    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    assertThat(rotated.headers().firstValue("Cache-Control")).hasValue("no-store");
    String secret = AdminClientsApi.read(rotated).get("clientSecret").asString();
    assertThat(secret).isNotEqualTo(old).matches("[A-Za-z0-9_-]{43,}");
    AdminClientLogin.Authorization withOld =
        AdminClientLogin.authorize(idp, user, clientId, redirect(clientId));
    assertThat(
            error(
                AdminClientLogin.exchange(idp, basic(clientId, old), withOld, redirect(clientId))))
        .isEqualTo("invalid_client");
    logIn(clientId, basic(clientId, secret));
    assertThat(audited(AdminClientsController.SECRET_ROTATED, clientId)).isEqualTo(1);
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM audit_event WHERE detail LIKE ? OR detail LIKE ?"
                        + " OR reason_code LIKE ?")
                .params("%" + secret + "%", "%" + old + "%", "%" + secret + "%")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void putJwksWhenPrivateKeyJwtClientThenItsAssertionAuthenticates() throws Exception {
    String clientId = newClientId();
    JsonNode created =
        created(createBody(clientId, "\"tokenEndpointAuthMethod\":\"private_key_jwt\""));
    assertThat(created.has("clientSecret")).isFalse();
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();

    HttpResponse<String> put =
        api.call(
            "PUT",
            "/api/admin/clients/" + clientId + "/jwks",
            adminToken(),
            "application/jwk-set+json",
            new JWKSet(key.toPublicJWK()).toString());

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(AdminClientsApi.read(put).get("hasJwks").asBoolean()).isTrue();
    assertThat(audited(AdminClientsController.JWKS_UPDATED, clientId)).isEqualTo(1);
    AdminClientLogin.Authorization authorization =
        AdminClientLogin.authorize(idp, user, clientId, redirect(clientId));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(AdminClientLogin.metadata(idp).getTokenEndpointURI().toString())
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    jwt.sign(new ECDSASigner(key));
    PrivateKeyJWT assertion = new PrivateKeyJWT(jwt);
    TokenResponse tokens =
        AdminClientLogin.exchange(idp, assertion, authorization, redirect(clientId));
    assertThat(tokens.indicatesSuccess()).as(() -> describe(tokens)).isTrue();
  }

  @Test
  void disableWhenFreshTapThenAuthorizeTokenAndRefreshRefusedAndEnableRestoresIt()
      throws Exception {
    String clientId = newClientId();
    String secret = created(createBody(clientId, null)).get("clientSecret").asString();
    OIDCTokens before = logIn(clientId, basic(clientId, secret));
    AdminClientLogin.Authorization pending =
        AdminClientLogin.authorize(idp, user, clientId, redirect(clientId));
    assertThat(pending.refused()).isFalse();

    HttpResponse<String> disabled =
        api.call("POST", "/api/admin/clients/" + clientId + "/disable", adminToken(), null, null);

    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    assertThat(AdminClientsApi.read(disabled).get("status").asString()).isEqualTo("disabled");
    assertThat(audited(AdminClientsController.DISABLED, clientId)).isEqualTo(1);
    assertThat(AdminClientLogin.authorize(idp, user, clientId, redirect(clientId)).refused())
        .isTrue();
    assertThat(
            error(
                AdminClientLogin.exchange(
                    idp, basic(clientId, secret), pending, redirect(clientId))))
        .isEqualTo("invalid_client");
    assertThat(
            error(
                AdminClientLogin.token(
                    idp, basic(clientId, secret), new RefreshTokenGrant(before.getRefreshToken()))))
        .isEqualTo("invalid_client");
    assertThat(AdminClientLogin.userInfo(idp, before.getBearerAccessToken()).indicatesSuccess())
        .isFalse();

    HttpResponse<String> enabled =
        api.call("POST", "/api/admin/clients/" + clientId + "/enable", adminToken(), null, null);

    assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
    assertThat(AdminClientsApi.read(enabled).get("status").asString()).isEqualTo("active");
    assertThat(audited(AdminClientsController.ENABLED, clientId)).isEqualTo(1);
    // Its tokens stay revoked; a new login works.
    assertThat(
            error(
                AdminClientLogin.token(
                    idp, basic(clientId, secret), new RefreshTokenGrant(before.getRefreshToken()))))
        .isEqualTo("invalid_grant");
    logIn(clientId, basic(clientId, secret));
  }

  @Test
  void discoveryWhenAConsoleClientHasABackchannelLogoutUriThenAdvertisedUntilDisabled()
      throws Exception {
    String clientId = newClientId();
    created(
        createBody(
            clientId, "\"backchannelLogoutUri\":\"https://" + clientId + ".example/backchannel\""));

    assertThat(AdminClientLogin.metadata(idp).supportsBackChannelLogout()).isTrue();

    api.call("POST", "/api/admin/clients/" + clientId + "/disable", adminToken(), null, null);
    assertThat(AdminClientLogin.metadata(idp).supportsBackChannelLogout()).isFalse();
  }

  @Test
  void configurationClientWhenDisabledThenStaysDisabledAcrossARestartAndCannotBeEdited()
      throws Exception {
    String coupon = TestIdentityProvider.COUPON;
    assertProblem(
        api.json("PATCH", "/api/admin/clients/" + coupon, adminToken(), "{\"name\":\"別の名前\"}"),
        409,
        "configured_client");
    assertProblem(
        api.call("POST", "/api/admin/clients/" + coupon + "/secret", adminToken(), null, null),
        409,
        "configured_client");

    HttpResponse<String> disabled =
        api.call("POST", "/api/admin/clients/" + coupon + "/disable", adminToken(), null, null);
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    try {
      idp.restart();
      jdbc = idp.bean(JdbcClient.class);
      idp.bean(StaffProperties.class).getAdmins().add(adminIshikawaId);

      assertThat(
              AdminClientLogin.authorize(
                      idp,
                      newResident("再起動"),
                      coupon,
                      TestIdentityProvider.COUPON_REDIRECT,
                      "ishikawa_residency")
                  .refused())
          .isTrue();
      JsonNode after =
          AdminClientsApi.read(
              api.call("GET", "/api/admin/clients/" + coupon, adminToken(), null, null));
      assertThat(after.get("status").asString()).isEqualTo("disabled");
      assertThat(after.get("source").asString()).isEqualTo("configuration");
    } finally {
      api.call("POST", "/api/admin/clients/" + coupon + "/enable", adminToken(), null, null);
    }
    assertThat(
            AdminClientLogin.authorize(
                    idp,
                    newResident("再開"),
                    coupon,
                    TestIdentityProvider.COUPON_REDIRECT,
                    "ishikawa_residency")
                .refused())
        .isFalse();
  }

  // --- attacks, one per refusal ---

  static Stream<Arguments> adminEndpoints() {
    return Stream.of(
        Arguments.of("GET", "/api/admin/clients", null),
        Arguments.of("GET", "/api/admin/clients/portal", null),
        Arguments.of("POST", "/api/admin/clients", createBody("attacker-made", null)),
        Arguments.of("PATCH", "/api/admin/clients/portal", "{\"name\":\"x\"}"),
        Arguments.of("POST", "/api/admin/clients/portal/secret", null),
        Arguments.of("PUT", "/api/admin/clients/portal/jwks", "{\"keys\":[]}"),
        Arguments.of("POST", "/api/admin/clients/portal/disable", null),
        Arguments.of("POST", "/api/admin/clients/portal/enable", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminEndpoints")
  void adminEndpointWhenResidentThen403AndAudited(String method, String path, String body)
      throws Exception {
    long before = refusals("insufficient_role", method + " " + path);

    HttpResponse<String> response =
        api.json(method, path, resident.getAccessToken().getValue(), body);

    assertProblem(response, 403, "insufficient_role");
    assertThat(refusals("insufficient_role", method + " " + path)).isEqualTo(before + 1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminEndpoints")
  void adminEndpointWhenAuditorThen403AndAudited(String method, String path, String body)
      throws Exception {
    long before = refusals("insufficient_role", method + " " + path);

    HttpResponse<String> response =
        api.json(method, path, auditor.getAccessToken().getValue(), body);

    assertProblem(response, 403, "insufficient_role");
    assertThat(refusals("insufficient_role", method + " " + path)).isEqualTo(before + 1);
  }

  @Test
  void createWhenTokenIsForAnotherAudienceThen401AndAudited() throws Exception {
    long before = refusals("invalid_token", "POST /api/admin/clients");

    HttpResponse<String> response =
        api.json(
            "POST",
            "/api/admin/clients",
            portal.getAccessToken().getValue(),
            createBody(newClientId(), null));

    assertProblem(response, 401, "invalid_token");
    assertThat(refusals("invalid_token", "POST /api/admin/clients")).isEqualTo(before + 1);
  }

  @Test
  void rotateSecretWhenTheTapIsStaleThen401InsufficientUserAuthenticationAndAudited()
      throws Exception {
    assertStaleTapRefused("secret");
  }

  @Test
  void disableWhenTheTapIsStaleThen401InsufficientUserAuthenticationAndAudited() throws Exception {
    assertStaleTapRefused("disable");
  }

  private void assertStaleTapRefused(String action) throws Exception {
    String clientId = newClientId();
    String secret = created(createBody(clientId, null)).get("clientSecret").asString();
    String token = adminToken();
    String detail = "POST /api/admin/clients/{id}/" + action;
    long before = refusals("stale_authentication", detail);
    idp.clock().advance(Duration.ofMinutes(6));
    HttpResponse<String> response;
    try {
      response =
          api.call("POST", "/api/admin/clients/" + clientId + "/" + action, token, null, null);
    } finally {
      idp.clock().reset();
    }

    assertProblem(response, 401, "insufficient_user_authentication");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_user_authentication\"")
        .contains("max_age=300");
    assertThat(refusals("stale_authentication", detail)).isEqualTo(before + 1);
    // Nothing changed: the client still works with its secret.
    logIn(clientId, basic(clientId, secret));
  }

  @Test
  void putJwksWhenAKeyIsPrivateThen400() throws Exception {
    assertJwksRefused(
        new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("p").generate()).toString(false),
        "private member d");
  }

  @Test
  void putJwksWhenAKeyIsSymmetricThen400() throws Exception {
    assertJwksRefused(
        "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0\"}]}", "private member k");
  }

  @Test
  void putJwksWhenTheKeyTypeIsUnknownThen400() throws Exception {
    assertJwksRefused("{\"keys\":[{\"kty\":\"XYZ\",\"x\":\"AAAA\"}]}", "kty");
  }

  private void assertJwksRefused(String jwks, String named) throws Exception {
    String clientId = newClientId();
    created(createBody(clientId, "\"tokenEndpointAuthMethod\":\"private_key_jwt\""));

    HttpResponse<String> response =
        api.json("PUT", "/api/admin/clients/" + clientId + "/jwks", adminToken(), jwks);

    assertProblem(response, 400, "invalid_request");
    assertThat(AdminClientsApi.read(response).get("detail").asString()).contains(named);
    assertThat(
            AdminClientsApi.read(
                    api.call("GET", "/api/admin/clients/" + clientId, adminToken(), null, null))
                .get("hasJwks")
                .asBoolean())
        .isFalse();
  }

  static Stream<Arguments> badRedirectUris() {
    return Stream.of(
        Arguments.of("http://evil.example/callback", "https only"),
        Arguments.of("https://app.example/callback#fragment", "fragment"),
        Arguments.of("https://*.example/callback", "wildcard"),
        Arguments.of("/relative/callback", "https only"),
        Arguments.of("https://user@app.example/callback", "user info"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRedirectUris")
  void createWhenTheRedirectUriIsUnsafeThen400AndNothingMade(String uri, String named)
      throws Exception {
    String clientId = newClientId();
    String body =
        "{\"clientId\":\""
            + clientId
            + "\",\"name\":\"x\",\"type\":\"confidential\",\"redirectUris\":[\""
            + uri
            + "\"],\"scopes\":[\"openid\"]}";

    HttpResponse<String> response = api.json("POST", "/api/admin/clients", adminToken(), body);

    assertProblem(response, 400, "invalid_request");
    assertThat(AdminClientsApi.read(response).get("detail").asString())
        .contains("redirectUris")
        .contains(named);
    assertNotMade(clientId);
  }

  @Test
  void patchWhenTheRedirectUriIsUnsafeThen400AndUnchanged() throws Exception {
    String clientId = newClientId();
    created(createBody(clientId, null));

    HttpResponse<String> response =
        api.json(
            "PATCH",
            "/api/admin/clients/" + clientId,
            adminToken(),
            "{\"redirectUris\":[\"http://evil.example/callback\"]}");

    assertProblem(response, 400, "invalid_request");
    assertThat(
            AdminClientsApi.read(
                    api.call("GET", "/api/admin/clients/" + clientId, adminToken(), null, null))
                .get("redirectUris")
                .get(0)
                .asString())
        .isEqualTo(redirect(clientId).toString());
  }

  @Test
  void createWhenAScopeIsUnknownThen400() throws Exception {
    String clientId = newClientId();
    HttpResponse<String> response =
        api.json(
            "POST",
            "/api/admin/clients",
            adminToken(),
            createBody(clientId, null).replace("\"profile\"", "\"my_number\""));

    assertProblem(response, 400, "invalid_request");
    assertThat(AdminClientsApi.read(response).get("detail").asString()).contains("my_number");
    assertNotMade(clientId);
  }

  @Test
  void createWhenAFieldIsUnknownThen400NotIgnored() throws Exception {
    String clientId = newClientId();
    HttpResponse<String> response =
        api.json(
            "POST",
            "/api/admin/clients",
            adminToken(),
            createBody(clientId, "\"grantTypes\":[\"password\"]"));

    assertProblem(response, 400, "invalid_request");
    assertThat(AdminClientsApi.read(response).get("detail").asString()).contains("grantTypes");
    assertNotMade(clientId);
  }

  @Test
  void patchWhenAFieldIsUnknownThen400NotIgnored() throws Exception {
    String clientId = newClientId();
    created(createBody(clientId, null));

    HttpResponse<String> response =
        api.json(
            "PATCH",
            "/api/admin/clients/" + clientId,
            adminToken(),
            "{\"name\":\"x\",\"clientSecret\":\"mine\"}");

    assertProblem(response, 400, "invalid_request");
    assertThat(AdminClientsApi.read(response).get("detail").asString()).contains("clientSecret");
  }

  @Test
  void createWhenTheBodyIsTooLargeThen413() throws Exception {
    String clientId = newClientId();
    HttpResponse<String> response =
        api.json(
            "POST",
            "/api/admin/clients",
            adminToken(),
            createBody(clientId, null).replace("市立図書館", "x".repeat(20_000)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(code(response)).isEqualTo("invalid_request");
    assertNotMade(clientId);
  }

  @Test
  void createWhenTheJsonIsMalformedThen400() throws Exception {
    HttpResponse<String> response =
        api.json("POST", "/api/admin/clients", adminToken(), "{\"clientId\":\"x\",");

    assertProblem(response, 400, "invalid_request");
  }

  @Test
  void createWhenAFieldIsRepeatedThen400() throws Exception {
    String clientId = newClientId();
    HttpResponse<String> response =
        api.json(
            "POST",
            "/api/admin/clients",
            adminToken(),
            createBody(clientId, "\"clientId\":\"" + clientId + "-2\""));

    assertProblem(response, 400, "invalid_request");
    assertNotMade(clientId);
  }

  @Test
  void createWhenTheClientIdExistsThen409() throws Exception {
    String clientId = newClientId();
    String secret = created(createBody(clientId, null)).get("clientSecret").asString();

    HttpResponse<String> response =
        api.json("POST", "/api/admin/clients", adminToken(), createBody(clientId, null));

    assertProblem(response, 409, "client_exists");
    logIn(clientId, basic(clientId, secret)); // the first one is untouched
  }

  @Test
  void createWhenNamedLikeAConfigurationClientThen409() throws Exception {
    HttpResponse<String> response =
        api.json(
            "POST",
            "/api/admin/clients",
            adminToken(),
            createBody(TestIdentityProvider.PORTAL, null));

    assertProblem(response, 409, "client_exists");
    assertThat(
            jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
                .param(TestIdentityProvider.PORTAL)
                .query(String.class)
                .single())
        .isEqualTo(
            "{sha256}" + new Sha256SecretEncoder().encode(TestIdentityProvider.PORTAL_SECRET));
  }

  @Test
  void rotateSecretWhenThePublicClientHasNoSecretThen409() throws Exception {
    String clientId = newClientId();
    created(createBody(clientId, null).replace("\"type\":\"confidential\"", "\"type\":\"public\""));

    assertProblem(
        api.call("POST", "/api/admin/clients/" + clientId + "/secret", adminToken(), null, null),
        409,
        "no_secret");
  }

  @Test
  void disableWhenTheManagementClientThen409() throws Exception {
    assertProblem(
        api.call(
            "POST",
            "/api/admin/clients/" + ManagementLogin.CLIENT + "/disable",
            adminToken(),
            null,
            null),
        409,
        "management_client");
  }

  private void assertNotMade(String clientId) {
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_id = ?")
                .param(clientId)
                .query(Long.class)
                .single())
        .isZero();
  }

  private static String describe(TokenResponse response) {
    return response.indicatesSuccess()
        ? "success"
        : response.toErrorResponse().getErrorObject().toJSONObject().toString();
  }
}
