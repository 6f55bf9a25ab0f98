package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.LogoutTokenReceiver;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What consent-ui needs of the resident endpoints (issue 9): each consent names its service and
 * when the service last got a token; a resident deactivates their Ishikawa ID with a fresh card
 * tap, with the account page's effect (tokens revoked, back-channel logout, the API token refused
 * afterwards). Attacks: a stale login, and the token of a deactivated resident.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResidentDeactivationApiContract {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DEACTIVATE = "/api/me/deactivate";

  private final HttpClient http = HttpClient.newHttpClient();
  private LogoutTokenReceiver receiver;
  private TestIdentityProvider idp;
  private JdbcClient jdbc;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() {
    receiver = new LogoutTokenReceiver();
    Map<String, Object> settings = new HashMap<>(ManagementLogin.clientSettings(6));
    settings.put(
        "ishikawa-id.clients[0].backchannel-logout-uri", receiver.uri("/portal").toString());
    settings.put("ishikawa-id.backchannel-logout.poll-interval", "100ms");
    idp = TestIdentityProvider.start(storage(), settings);
    jdbc = idp.bean(JdbcClient.class);
  }

  @AfterAll
  void stop() {
    if (idp != null) {
      idp.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private TestResident newResident(String name) {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName(name + "　" + System.nanoTime())));
  }

  private static String subject(OIDCTokens tokens) throws Exception {
    return tokens.getIDToken().getJWTClaimsSet().getSubject();
  }

  private HttpResponse<String> call(String method, String path, OIDCTokens tokens)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(idp.issuer().resolve(path))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + tokens.getAccessToken().getValue())
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> consents(OIDCTokens tokens) throws Exception {
    HttpResponse<String> response = call("GET", "/api/me/consents", tokens);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> list = new ArrayList<>();
    JSON.readTree(response.body()).get("consents").forEach(list::add);
    return list;
  }

  private static JsonNode of(List<JsonNode> consents, String clientId, String status) {
    return consents.stream()
        .filter(c -> c.get("client_id").asString().equals(clientId))
        .filter(c -> c.get("status").asString().equals(status))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + status + " consent to " + clientId));
  }

  private long events(String type, String reason, String detail) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = ?"
                + " AND COALESCE(reason_code, '') = ? AND COALESCE(detail, '') = ?")
        .params(type, reason == null ? "" : reason, detail == null ? "" : detail)
        .query(Long.class)
        .single();
  }

  private String status(String ishikawaId) {
    return jdbc.sql("SELECT status FROM resident WHERE ishikawa_id = ?")
        .param(ishikawaId)
        .query(String.class)
        .single();
  }

  private TokenResponse refresh(OIDCTokens portal) throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(idp.issuer()));
    return OIDCTokenResponseParser.parse(
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(),
                PortalLogin.portalAuthentication(),
                new RefreshTokenGrant(portal.getRefreshToken()))
            .build()
            .toHTTPRequest()
            .send());
  }

  // --- consents: the service's name and its last use ---

  @Test
  void consentsWhenServiceGotTokensThenClientNameAndLastUsedAtOfItsNewestToken() throws Exception {
    TestResident resident = newResident("名前");
    OIDCTokens portal = PortalLogin.tokens(idp, resident);
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    Instant issued =
        SignedJWT.parse(portal.getAccessToken().getValue())
            .getJWTClaimsSet()
            .getIssueTime()
            .toInstant();

    JsonNode given = of(consents(management), TestIdentityProvider.PORTAL, "given");

    assertThat(given.get("client_name").asString()).isEqualTo("portal service");
    Instant lastUsed = Instant.parse(given.get("last_used_at").asString());
    assertThat(lastUsed).isBetween(issued.minusSeconds(1), issued.plusSeconds(1));

    // A refresh is a use: the newest token's time.
    Thread.sleep(1100);
    assertThat(refresh(portal).indicatesSuccess()).isTrue();
    JsonNode refreshed = of(consents(management), TestIdentityProvider.PORTAL, "given");
    assertThat(Instant.parse(refreshed.get("last_used_at").asString())).isAfter(lastUsed);
    assertThat(
            of(consents(management), ManagementLogin.CLIENT, "given").get("client_name").asString())
        .isEqualTo("マイ いしかわID");
  }

  @Test
  void consentsWhenWithdrawnThenLastUsedAtNullAsTheServiceHoldsNoToken() throws Exception {
    TestResident resident = newResident("撤回後");
    PortalLogin.tokens(idp, resident);
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    String id = of(consents(management), TestIdentityProvider.PORTAL, "given").get("id").asString();
    assertThat(call("POST", "/api/me/consents/" + id + "/withdraw", management).statusCode())
        .isEqualTo(200);

    JsonNode withdrawn = of(consents(management), TestIdentityProvider.PORTAL, "withdrawn");

    assertThat(withdrawn.get("last_used_at").isNull()).isTrue();
    assertThat(withdrawn.get("client_name").asString()).isEqualTo("portal service");
  }

  // --- deactivation ---

  @Test
  void deactivateWhenFreshCardTapThen204EverythingEndedAndTheTokenRefused() throws Exception {
    TestResident resident = newResident("退会");
    OIDCTokens portal = PortalLogin.tokens(idp, resident);
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    String ishikawaId = subject(management);
    String residentId =
        jdbc.sql("SELECT id FROM resident WHERE ishikawa_id = ?")
            .param(ishikawaId)
            .query(String.class)
            .single();
    long deactivated =
        jdbc.sql(
                "SELECT COUNT(*) FROM audit_event WHERE event_type = 'resident.deactivated'"
                    + " AND resident_id = ? AND detail = 'management api'")
            .param(residentId)
            .query(Long.class)
            .single();

    HttpResponse<String> response = call("POST", DEACTIVATE, management);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    assertThat(status(ishikawaId)).isEqualTo("DEACTIVATED");
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM audit_event WHERE event_type = 'resident.deactivated'"
                        + " AND resident_id = ? AND detail = 'management api'")
                .param(residentId)
                .query(Long.class)
                .single())
        .isEqualTo(deactivated + 1);
    // Every service's tokens revoked: the portal cannot refresh.
    TokenResponse refreshed = refresh(portal);
    assertThat(refreshed.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) refreshed).getErrorObject().getCode())
        .isEqualTo("invalid_grant");
    // Every consent withdrawn; the portal told by back-channel logout.
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM consent_record WHERE resident_id = ? AND status = 'given'")
                .param(residentId)
                .query(Long.class)
                .single())
        .isZero();
    Optional<String> logout =
        receiver.await(
            "/portal",
            token -> {
              try {
                return ishikawaId.equals(SignedJWT.parse(token).getJWTClaimsSet().getSubject());
              } catch (java.text.ParseException e) {
                return false;
              }
            },
            Duration.ofSeconds(30));
    assertThat(logout).as("a logout token for the portal").isPresent();
  }

  @Test
  void deactivateWhenAlreadyDeactivatedThenTheTokenIsRefused401AndAudited() throws Exception {
    TestResident resident = newResident("再退会");
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    assertThat(call("POST", DEACTIVATE, management).statusCode()).isEqualTo(204);
    long before = events(ManagementApiRefusals.EVENT, "invalid_token", "POST " + DEACTIVATE);

    HttpResponse<String> again = call("POST", DEACTIVATE, management);

    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(JSON.readTree(again.body()).get("code").asString()).isEqualTo("invalid_token");
    assertThat(events(ManagementApiRefusals.EVENT, "invalid_token", "POST " + DEACTIVATE))
        .isEqualTo(before + 1);
    assertThat(call("GET", "/api/me/consents", management).statusCode()).isEqualTo(401);
  }

  @Test
  void deactivateWhenTheCardTapIsNotFreshThen401StepUpStillActiveAndAudited() throws Exception {
    TestResident resident = newResident("古い");
    OIDCTokens portal = PortalLogin.tokens(idp, resident);
    OIDCTokens management = ManagementLogin.tokens(idp, resident);
    long before = events(ManagementApiRefusals.EVENT, FreshCardTap.REASON, "POST " + DEACTIVATE);
    HttpResponse<String> response;
    idp.clock().advance(Duration.ofMinutes(6));
    try {
      response = call("POST", DEACTIVATE, management);
    } finally {
      idp.clock().reset();
    }

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_user_authentication\"")
        .contains("max_age=300");
    assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(FreshCardTap.CODE);
    assertThat(events(ManagementApiRefusals.EVENT, FreshCardTap.REASON, "POST " + DEACTIVATE))
        .isEqualTo(before + 1);
    assertThat(status(subject(management))).isEqualTo("ACTIVE");
    assertThat(refresh(portal).indicatesSuccess()).isTrue();
    assertThat(call("GET", "/api/me/consents", management).statusCode()).isEqualTo(200);
  }
}
