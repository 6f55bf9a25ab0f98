package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management API from both sides (issue 9): residents read and withdraw their own consents,
 * staff use their role's endpoints, and every attack is refused with the right status and recorded
 * in the audit trail ({@code management.refused}): no token, another audience, expired, forged,
 * never issued, revoked, another resident's consent, a resident on a staff endpoint, one staff role
 * on another's endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ManagementApiContract {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CONFIGURED_ADMIN = "configured-admin-id";

  private final HttpClient http = HttpClient.newHttpClient();
  private TestIdentityProvider idp;
  private JdbcClient jdbc;

  /** Resident A: signed in to the portal (consented to profile) and to consent-ui. */
  private TestResident residentA;

  private OIDCTokens portalA;
  private OIDCTokens managementA;
  private String ishikawaIdA;

  /** Resident B: the same, another person. */
  private OIDCTokens managementB;

  private String ishikawaIdB;
  private OIDCTokens auditor;
  private OIDCTokens support;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> settings = new HashMap<>(ManagementLogin.clientSettings(6));
    settings.put("ishikawa-id.staff.admins[0]", CONFIGURED_ADMIN);
    idp = TestIdentityProvider.start(storage(), settings);
    jdbc = idp.bean(JdbcClient.class);
    residentA = newResident("管理甲");
    portalA = PortalLogin.tokens(idp, residentA);
    managementA = ManagementLogin.tokens(idp, residentA);
    ishikawaIdA = subject(managementA);
    TestResident residentB = newResident("管理乙");
    PortalLogin.tokens(idp, residentB);
    managementB = ManagementLogin.tokens(idp, residentB);
    ishikawaIdB = subject(managementB);
    auditor = ManagementLogin.tokens(idp, newResident("監査"));
    idp.bean(StaffProperties.class).getAuditors().add(subject(auditor));
    support = ManagementLogin.tokens(idp, newResident("窓口"));
    idp.bean(StaffProperties.class).getSupport().add(subject(support));
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

  private static String subject(OIDCTokens tokens) throws Exception {
    return tokens.getIDToken().getJWTClaimsSet().getSubject();
  }

  private static String bearer(OIDCTokens tokens) {
    return tokens.getAccessToken().getValue();
  }

  private HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(idp.issuer().resolve(path))
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return call("GET", path, token);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  private long refusals(String reason, String detail) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = 'management.refused'"
                + " AND reason_code = ? AND detail = ?")
        .params(reason, detail)
        .query(Long.class)
        .single();
  }

  private String residentId(String ishikawaId) {
    return jdbc.sql("SELECT id FROM resident WHERE ishikawa_id = ?")
        .param(ishikawaId)
        .query(String.class)
        .single();
  }

  private List<JsonNode> consents(OIDCTokens tokens) throws Exception {
    HttpResponse<String> response = get("/api/me/consents", bearer(tokens));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> list = new ArrayList<>();
    json(response).get("consents").forEach(list::add);
    return list;
  }

  private JsonNode consentTo(OIDCTokens tokens, String clientId, String status) throws Exception {
    return consents(tokens).stream()
        .filter(c -> c.get("client_id").asString().equals(clientId))
        .filter(c -> c.get("status").asString().equals(status))
        .findFirst()
        .orElseThrow();
  }

  /** A refusal: the status, the RFC 6750 header, problem JSON, and one more audit event. */
  private void assertRefused(
      HttpResponse<String> response, int status, String error, String code, long before)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("Bearer");
    if (error == null) {
      assertThat(challenge).doesNotContain("error=");
    } else {
      assertThat(challenge).contains("error=\"" + error + "\"");
    }
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(json(response).get("code").asString()).isEqualTo(code);
    assertThat(
            refusals(code, response.request().method() + " " + response.request().uri().getPath()))
        .isEqualTo(before + 1);
  }

  // --- tokens issued and revoked, in the audit trail ---

  private long tokenEvents(String type, String reason, String residentId, String clientId) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = ? AND reason_code = ?"
                + " AND resident_id = ? AND client_id = ?")
        .params(type, reason, residentId, clientId)
        .query(Long.class)
        .single();
  }

  @Test
  void tokenIssuedWhenCodeAndRefreshGrantsThenAuditedWithResidentClientAndGrantNeverTheToken()
      throws Exception {
    TestResident resident = newResident("発行");
    OIDCTokens portal = PortalLogin.tokens(idp, resident);
    String residentId = residentId(subject(ManagementLogin.tokens(idp, resident)));

    assertThat(
            tokenEvents(
                "token.issued", "authorization_code", residentId, TestIdentityProvider.PORTAL))
        .isEqualTo(1);
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(idp.issuer()));
    TokenResponse refreshed =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    PortalLogin.portalAuthentication(),
                    new RefreshTokenGrant(portal.getRefreshToken()))
                .build()
                .toHTTPRequest()
                .send());
    assertThat(refreshed.indicatesSuccess()).isTrue();
    assertThat(
            tokenEvents("token.issued", "refresh_token", residentId, TestIdentityProvider.PORTAL))
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ? OR detail LIKE ?")
                .params(
                    "%" + portal.getAccessToken().getValue() + "%",
                    "%" + portal.getRefreshToken().getValue() + "%")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void tokenRevokedWhenTheServiceRevokesItsRefreshTokenThenAuditedNeverTheToken() throws Exception {
    TestResident resident = newResident("失効");
    OIDCTokens portal = PortalLogin.tokens(idp, resident);
    String residentId = residentId(subject(ManagementLogin.tokens(idp, resident)));
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(idp.issuer()));

    int status =
        new com.nimbusds.oauth2.sdk.TokenRevocationRequest(
                metadata.getRevocationEndpointURI(),
                PortalLogin.portalAuthentication(),
                portal.getRefreshToken())
            .toHTTPRequest()
            .send()
            .getStatusCode();

    assertThat(status).isEqualTo(200);
    assertThat(
            tokenEvents(
                "token.revoked", "revocation_endpoint", residentId, TestIdentityProvider.PORTAL))
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?")
                .param("%" + portal.getRefreshToken().getValue() + "%")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void tokenRevokedWhenTheTokenIsUnknownThen200AndNothingAudited() throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(idp.issuer()));
    long before =
        jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'token.revoked'")
            .query(Long.class)
            .single();

    int status =
        new com.nimbusds.oauth2.sdk.TokenRevocationRequest(
                metadata.getRevocationEndpointURI(),
                PortalLogin.portalAuthentication(),
                new com.nimbusds.oauth2.sdk.token.RefreshToken("never-issued-by-us"))
            .toHTTPRequest()
            .send()
            .getStatusCode();

    assertThat(status).isEqualTo(200);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'token.revoked'")
                .query(Long.class)
                .single())
        .isEqualTo(before);
  }

  // --- the fresh card tap (RFC 9470 step-up) in front of dangerous actions ---

  @Test
  void managementTokenWhenCardLoginThenCarriesTheCardAcrAndTheTapTime() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(bearer(managementA)).getJWTClaimsSet();

    assertThat(claims.getStringClaim("acr"))
        .isEqualTo(jp.ishikawa.id.idp.token.AuthenticationContextClass.JPKI);
    assertThat(claims.getLongClaim("auth_time")).isNotNull();
    assertThat(Instant.ofEpochSecond(claims.getLongClaim("auth_time")))
        .isBetween(idp.clock().instant().minus(Duration.ofMinutes(5)), idp.clock().instant());
  }

  @Test
  void freshTapWhenTheTokensCardTapIsRecentThenAllowed() throws Exception {
    JwtAuthenticationToken caller = caller(managementA);

    freshTap().require(caller, "POST /api/admin/test");
  }

  @Test
  void freshTapWhenTheTapIsOlderThanFiveMinutesThenRefusedAndAudited() {
    assertStaleRefused(
        jpki -> jpki.claim("auth_time", idp.clock().instant().minusSeconds(301).getEpochSecond()),
        "POST /api/admin/test-old");
  }

  @Test
  void freshTapWhenTheLoginWasAPasskeyThenRefusedAndAudited() {
    assertStaleRefused(
        claims -> claims.claim("acr", jp.ishikawa.id.idp.token.AuthenticationContextClass.PASSKEY),
        "POST /api/admin/test-passkey");
  }

  @Test
  void freshTapWhenRevocationWasUncheckedThenRefusedAndAudited() {
    assertStaleRefused(
        claims ->
            claims.claim(
                "acr",
                jp.ishikawa.id.idp.token.AuthenticationContextClass.JPKI_REVOCATION_UNCHECKED),
        "POST /api/admin/test-unchecked");
  }

  @Test
  void freshTapWhenTheTokenHasNoAuthTimeThenRefusedAndAudited() {
    assertStaleRefused(claims -> claims.claims(c -> c.remove("auth_time")), "POST /api/admin/no");
  }

  @Test
  void freshTapWhenAuthTimeIsInTheFutureThenRefusedAndAudited() {
    assertStaleRefused(
        claims ->
            claims.claim("auth_time", idp.clock().instant().plusSeconds(600).getEpochSecond()),
        "POST /api/admin/test-future");
  }

  private jp.ishikawa.id.idp.management.FreshCardTap freshTap() {
    return idp.bean(jp.ishikawa.id.idp.management.FreshCardTap.class);
  }

  /** The caller as the API sees it, from a real management access token's claims. */
  private JwtAuthenticationToken caller(OIDCTokens tokens) throws Exception {
    return caller(tokens, claims -> {});
  }

  private JwtAuthenticationToken caller(
      OIDCTokens tokens, java.util.function.Consumer<Jwt.Builder> change) throws Exception {
    SignedJWT token = SignedJWT.parse(bearer(tokens));
    Map<String, Object> original = new HashMap<>(token.getJWTClaimsSet().getClaims());
    original.replaceAll((name, value) -> value instanceof java.util.Date d ? d.toInstant() : value);
    Jwt.Builder jwt =
        Jwt.withTokenValue(token.serialize())
            .headers(headers -> headers.putAll(token.getHeader().toJSONObject()))
            .claims(claims -> claims.putAll(original));
    change.accept(jwt);
    Jwt built = jwt.build();
    return new JwtAuthenticationToken(built, List.of(), built.getSubject());
  }

  private void assertStaleRefused(java.util.function.Consumer<Jwt.Builder> change, String action) {
    long before = refusals(jp.ishikawa.id.idp.management.FreshCardTap.REASON, action);
    JwtAuthenticationToken caller;
    try {
      caller = caller(managementA, change);
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(() -> freshTap().require(caller, action))
        .isInstanceOfSatisfying(
            jp.ishikawa.id.idp.management.FreshCardTap.Required.class,
            required ->
                assertThat(required.challenge())
                    .contains("error=\"insufficient_user_authentication\"")
                    .contains("acr_values=\"urn:ishikawa-id:acr:jpki\"")
                    .contains("max_age=300"));
    assertThat(refusals(jp.ishikawa.id.idp.management.FreshCardTap.REASON, action))
        .isEqualTo(before + 1);
  }

  // --- what residents and staff may do ---

  @Test
  void consentsWhenResidentThenOwnHistoryWithDataItemsAndPurpose() throws Exception {
    JsonNode portal = consentTo(managementA, TestIdentityProvider.PORTAL, "given");

    assertThat(portal.get("data_items").toString()).contains("profile");
    assertThat(portal.get("purposes").asString()).isNotBlank();
    assertThat(portal.get("given_at").asString()).isNotBlank();
    List<String> idsOfB = consents(managementB).stream().map(c -> c.get("id").asString()).toList();
    assertThat(consents(managementA)).noneMatch(c -> idsOfB.contains(c.get("id").asString()));
  }

  @Test
  void receiptWhenOwnConsentThenConsentReceiptFields() throws Exception {
    String id = consentTo(managementA, TestIdentityProvider.PORTAL, "given").get("id").asString();

    HttpResponse<String> response = get("/api/me/consents/" + id + "/receipt", bearer(managementA));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode receipt = json(response);
    assertThat(receipt.get("version").asString()).isEqualTo("KI-CR-v1.1.0");
    assertThat(receipt.get("consentReceiptID").asString()).isEqualTo(id);
    assertThat(receipt.get("piiPrincipalId").asString()).isEqualTo(ishikawaIdA);
    assertThat(receipt.get("services").get(0).get("serviceClientId").asString())
        .isEqualTo(TestIdentityProvider.PORTAL);
    assertThat(receipt.get("services").get(0).get("purposes").get(0).get("piiCategory").toString())
        .contains("profile");
    assertThat(receipt.get("status").asString()).isEqualTo("given");
  }

  @Test
  void cardsWhenResidentThenTheLinkedCardWithItsValidity() throws Exception {
    HttpResponse<String> response = get("/api/me/cards", bearer(managementA));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode cards = json(response).get("cards");
    assertThat(cards.size()).isEqualTo(1);
    assertThat(cards.get(0).get("not_after").asString()).isNotBlank();
    assertThat(cards.get(0).has("serial_hex")).isFalse();
  }

  @Test
  void withdrawWhenOwnConsentThenWithdrawnAndTheServicesRefreshTokenRefused() throws Exception {
    TestResident resident = newResident("撤回");
    OIDCTokens portal = PortalLogin.tokens(idp, resident);
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    String id = consentTo(management, TestIdentityProvider.PORTAL, "given").get("id").asString();

    HttpResponse<String> response =
        call("POST", "/api/me/consents/" + id + "/withdraw", bearer(management));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("status").asString()).isEqualTo("withdrawn");
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(idp.issuer()));
    TokenResponse refreshed =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    PortalLogin.portalAuthentication(),
                    new RefreshTokenGrant(portal.getRefreshToken()))
                .build()
                .toHTTPRequest()
                .send());
    assertThat(refreshed.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) refreshed).getErrorObject().getCode())
        .isEqualTo("invalid_grant");
    HttpResponse<String> again =
        call("POST", "/api/me/consents/" + id + "/withdraw", bearer(management));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("code").asString()).isEqualTo("not_current");
  }

  @Test
  void auditSearchWhenAuditorThenOnlyMatchingEvents() throws Exception {
    HttpResponse<String> response =
        get(
            "/api/admin/audit?event=consent.given&client=portal&ishikawaId=" + ishikawaIdA,
            bearer(auditor));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode events = json(response).get("events");
    assertThat(events.size()).isPositive();
    for (JsonNode event : events) {
      assertThat(event.get("event").asString()).isEqualTo("consent.given");
      assertThat(event.get("client_id").asString()).isEqualTo("portal");
      assertThat(event.get("resident_id").asString()).isEqualTo(residentId(ishikawaIdA));
    }
  }

  @Test
  void auditVerifyWhenAuditorThenChainIntact() throws Exception {
    HttpResponse<String> response = get("/api/admin/audit/verify", bearer(auditor));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("result").asString()).isEqualTo("intact");
    assertThat(json(response).get("events").asLong()).isPositive();
  }

  @Test
  void consentStatisticsWhenAuditorThenPortalConsentsCounted() throws Exception {
    HttpResponse<String> response = get("/api/admin/statistics/consents", bearer(auditor));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    int given = 0;
    for (JsonNode service : json(response).get("services")) {
      if (service.get("client_id").asString().equals("portal")) {
        for (JsonNode day : service.get("days")) {
          given += day.get("given").asInt();
        }
      }
    }
    assertThat(given).isGreaterThanOrEqualTo(2);
  }

  @Test
  void residentLookupWhenSupportThenMetadataOnlyAndTheLookupAudited() throws Exception {
    long before =
        jdbc.sql(
                "SELECT COUNT(*) FROM audit_event WHERE event_type = 'support.resident_lookup'"
                    + " AND resident_id = ? AND detail = ?")
            .params(residentId(ishikawaIdA), "by " + subject(support))
            .query(Long.class)
            .single();

    HttpResponse<String> response = get("/api/admin/residents/" + ishikawaIdA, bearer(support));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> fields = new ArrayList<>(json(response).propertyNames());
    assertThat(fields)
        .containsExactly(
            "ishikawa_id",
            "status",
            "created_at",
            "cards",
            "services_with_consent",
            "consent_records");
    assertThat(response.body()).doesNotContain("管理甲").doesNotContain("石川県金沢市");
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM audit_event WHERE event_type = 'support.resident_lookup'"
                        + " AND resident_id = ? AND detail = ?")
                .params(residentId(ishikawaIdA), "by " + subject(support))
                .query(Long.class)
                .single())
        .isEqualTo(before + 1);
  }

  @Test
  void staffRolesWhenConfiguredThenBound() {
    assertThat(idp.bean(StaffProperties.class).getAdmins()).containsExactly(CONFIGURED_ADMIN);
  }

  // --- attacks, one per refusal ---

  @Test
  void consentsWhenNoTokenThen401WithoutErrorCodeAndAudited() throws Exception {
    long before = refusals("no_token", "GET /api/me/consents");

    assertRefused(get("/api/me/consents", null), 401, null, "no_token", before);
  }

  @Test
  void consentsWhenTokenIsForAnotherAudienceThen401AndAudited() throws Exception {
    long before = refusals("invalid_token", "GET /api/me/consents");

    assertRefused(
        get("/api/me/consents", bearer(portalA)), 401, "invalid_token", "invalid_token", before);
  }

  @Test
  void consentsWhenTokenExpiredThen401AndAudited() throws Exception {
    // A token the authorization server issued and still holds: only its lifetime (10 minutes,
    // judged on the IdP's clock) refuses it.
    OIDCTokens fresh = ManagementLogin.tokens(idp, residentA);
    assertThat(get("/api/me/consents", bearer(fresh)).statusCode()).isEqualTo(200);
    long before = refusals("invalid_token", "GET /api/me/consents");
    idp.clock().advance(Duration.ofMinutes(15));
    try {
      assertRefused(
          get("/api/me/consents", bearer(fresh)), 401, "invalid_token", "invalid_token", before);
    } finally {
      idp.clock().reset();
    }
  }

  @Test
  void consentsWhenTokenNeverIssuedThoughSignedByOurKeyThen401AndAudited() throws Exception {
    // Well formed, our signature, our audience, live: but the authorization server never issued
    // it (a leaked signing key, or a token minted elsewhere), so the store does not know it.
    Instant now = Instant.now();
    String minted = mint(now, now.plus(Duration.ofMinutes(5)));
    long before = refusals("invalid_token", "GET /api/me/consents");

    assertRefused(get("/api/me/consents", minted), 401, "invalid_token", "invalid_token", before);
  }

  @Test
  void consentsWhenTokenSignedByAnotherKeyThen401AndAudited() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
    String managementKid = SignedJWT.parse(bearer(managementA)).getHeader().getKeyID();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(managementKid)
                .type(JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder(SignedJWT.parse(bearer(managementA)).getJWTClaimsSet())
                .build());
    forged.sign(new ECDSASigner(attacker));
    long before = refusals("invalid_token", "GET /api/me/consents");

    assertRefused(
        get("/api/me/consents", forged.serialize()), 401, "invalid_token", "invalid_token", before);
  }

  @Test
  void consentsWhenTokenRevokedByWithdrawalThen401AndAudited() throws Exception {
    TestResident resident = newResident("取消");
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    String own = consentTo(management, ManagementLogin.CLIENT, "given").get("id").asString();
    assertThat(
            call("POST", "/api/me/consents/" + own + "/withdraw", bearer(management)).statusCode())
        .isEqualTo(200);
    long before = refusals("invalid_token", "GET /api/me/consents");

    assertRefused(
        get("/api/me/consents", bearer(management)), 401, "invalid_token", "invalid_token", before);
  }

  @Test
  void receiptWhenAnotherResidentsConsentThen404AndAudited() throws Exception {
    String ofB = consentTo(managementB, TestIdentityProvider.PORTAL, "given").get("id").asString();
    long before = notOwn(ishikawaIdA, ofB);

    HttpResponse<String> response =
        get("/api/me/consents/" + ofB + "/receipt", bearer(managementA));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("code").asString()).isEqualTo("not_found");
    assertThat(response.body()).doesNotContain(ishikawaIdB);
    assertThat(notOwn(ishikawaIdA, ofB)).isEqualTo(before + 1);
  }

  @Test
  void withdrawWhenAnotherResidentsConsentThen404NothingWithdrawnAndAudited() throws Exception {
    String ofB = consentTo(managementB, TestIdentityProvider.PORTAL, "given").get("id").asString();
    long before = notOwn(ishikawaIdA, ofB);

    HttpResponse<String> response =
        call("POST", "/api/me/consents/" + ofB + "/withdraw", bearer(managementA));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(consentTo(managementB, TestIdentityProvider.PORTAL, "given").get("id").asString())
        .isEqualTo(ofB);
    assertThat(notOwn(ishikawaIdA, ofB)).isEqualTo(before + 1);
  }

  private long notOwn(String ishikawaId, String consentId) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = 'management.refused'"
                + " AND reason_code = 'not_own_consent' AND resident_id = ? AND detail = ?")
        .params(residentId(ishikawaId), "consent " + consentId)
        .query(Long.class)
        .single();
  }

  @Test
  void auditSearchWhenResidentThen403AndAudited() throws Exception {
    long before = refusals("insufficient_role", "GET /api/admin/audit");

    assertRefused(
        get("/api/admin/audit", bearer(managementA)),
        403,
        "insufficient_scope",
        "insufficient_role",
        before);
  }

  @Test
  void residentLookupWhenAuditorThen403AndAudited() throws Exception {
    String path = "/api/admin/residents/" + ishikawaIdA;
    long before = refusals("insufficient_role", "GET " + path);

    assertRefused(
        get(path, bearer(auditor)), 403, "insufficient_scope", "insufficient_role", before);
  }

  @Test
  void auditVerifyWhenSupportThen403AndAudited() throws Exception {
    long before = refusals("insufficient_role", "GET /api/admin/audit/verify");

    assertRefused(
        get("/api/admin/audit/verify", bearer(support)),
        403,
        "insufficient_scope",
        "insufficient_role",
        before);
  }

  @Test
  void unknownApiPathWhenAuthenticatedThen403AndAudited() throws Exception {
    long before = refusals("insufficient_role", "GET /api/admin/unknown");

    assertRefused(
        get("/api/admin/unknown", bearer(auditor)),
        403,
        "insufficient_scope",
        "insufficient_role",
        before);
  }

  @Test
  void auditSearchWhenUnknownParameterThen400NotIgnored() throws Exception {
    HttpResponse<String> response = get("/api/admin/audit?resident=x", bearer(auditor));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("code").asString()).isEqualTo("invalid_request");
    assertThat(json(response).get("detail").asString()).contains("resident");
  }

  /** An access token for resident A signed with the IdP's own key, never issued by it. */
  private String mint(Instant issuedAt, Instant expiresAt) {
    JwtClaimsSet claims =
        JwtClaimsSet.builder()
            .issuer(idp.issuer().toString())
            .subject(ishikawaIdA)
            .audience(List.of(ManagementProperties.AUDIENCE))
            .claim("client_id", ManagementLogin.CLIENT)
            .issuedAt(issuedAt)
            .notBefore(issuedAt)
            .expiresAt(expiresAt)
            .id(java.util.UUID.randomUUID().toString())
            .build();
    return idp.bean(JwtEncoder.class)
        .encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(), claims))
        .getTokenValue();
  }
}
