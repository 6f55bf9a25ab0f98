package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.client.ClientChanges;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Two IdP nodes on one PostgreSQL database and one Redis (the production storage): what an admin
 * changes on node A is served by node B within seconds, through the Redis announcement ({@link
 * ClientChanges#CHANNEL}); the periodic reload is set to ten minutes here, so it cannot be what the
 * test sees. Skipped loudly without PostgreSQL and Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminClientsTwoNodeTests {

  /** How long a change may take to reach the other node. */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  private TestIdentityProvider nodeA;
  private TestIdentityProvider nodeB;
  private AdminClientsApi apiA;
  private String adminToken;
  private CardContents residentCard;

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> settings = new HashMap<>(ManagementLogin.clientSettings(6));
    settings.put("ishikawa-id.client-reload-interval", "PT10M");
    nodeA = TestIdentityProvider.start(TestIdentityProvider.Storage.POSTGRES_REDIS, settings);
    nodeB = nodeA.anotherNode(settings);
    apiA = new AdminClientsApi(nodeA.issuer());
    TestResident admin =
        new TestResident(
            nodeA.issuer(),
            TestCards.issue(
                nodeA.pki(), TestFacts.defaults().withName("管理者　" + System.nanoTime())));
    var tokens = ManagementLogin.tokens(nodeA, admin);
    nodeA
        .bean(StaffProperties.class)
        .getAdmins()
        .add(tokens.getIDToken().getJWTClaimsSet().getSubject());
    adminToken = tokens.getAccessToken().getValue();
    residentCard =
        TestCards.issue(nodeA.pki(), TestFacts.defaults().withName("利用者　" + System.nanoTime()));
  }

  @AfterAll
  void stop() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  private static URI redirect(String clientId) {
    return URI.create("https://" + clientId + ".example/callback");
  }

  /** Creates a confidential client on node A; returns its secret. */
  private String createOnA(String clientId) throws Exception {
    HttpResponse<String> response =
        apiA.json(
            "POST",
            "/api/admin/clients",
            adminToken,
            "{\"clientId\":\""
                + clientId
                + "\",\"name\":\"二号機\",\"type\":\"confidential\",\"redirectUris\":[\""
                + redirect(clientId)
                + "\"],\"scopes\":[\"openid\",\"profile\"]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return AdminClientsApi.read(response).get("clientSecret").asString();
  }

  /** What node B's token endpoint says of {@code secret} (a made-up code: only auth matters). */
  private String clientAuthenticationOnB(String clientId, String secret) throws Exception {
    TokenResponse response =
        AdminClientLogin.token(
            nodeB,
            new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
            new AuthorizationCodeGrant(
                new AuthorizationCode("not-a-code"), redirect(clientId), new CodeVerifier()));
    assertThat(response.indicatesSuccess()).isFalse();
    String error = ((TokenErrorResponse) response).getErrorObject().getCode();
    return error.equals("invalid_client") ? "refused" : "authenticated";
  }

  private static <T> T within(Callable<T> probe, T expected) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    T last = probe.call();
    while (!expected.equals(last) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      last = probe.call();
    }
    return last;
  }

  private boolean authorizesOnB(String clientId, TestResident resident) throws Exception {
    return !AdminClientLogin.authorize(nodeB, resident, clientId, redirect(clientId)).refused();
  }

  @Test
  void createWhenOnNodeAThenALoginCompletesOnNodeBWithinSeconds() throws Exception {
    String clientId = "two-nodes-" + System.nanoTime() % 100000;
    TestResident resident = new TestResident(nodeB.issuer(), residentCard);

    String secret = createOnA(clientId);

    assertThat(within(() -> clientAuthenticationOnB(clientId, secret), "authenticated"))
        .isEqualTo("authenticated");
    AdminClientLogin.Authorization authorization =
        AdminClientLogin.authorize(nodeB, resident, clientId, redirect(clientId));
    TokenResponse tokens =
        AdminClientLogin.exchange(
            nodeB,
            new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
            authorization,
            redirect(clientId));
    assertThat(tokens.indicatesSuccess()).as(() -> describe(tokens)).isTrue();
    assertThat(
            AdminClientLogin.userInfoOk(
                    nodeB, tokens.toSuccessResponse().getTokens().getBearerAccessToken())
                .getSubject())
        .isNotNull();
  }

  @Test
  void rotateSecretWhenOnNodeAThenTheOldSecretFailsOnNodeBWithinSeconds() throws Exception {
    String clientId = "two-nodes-" + System.nanoTime() % 100000;
    String old = createOnA(clientId);
    assertThat(within(() -> clientAuthenticationOnB(clientId, old), "authenticated"))
        .isEqualTo("authenticated");

    HttpResponse<String> rotated =
        apiA.call("POST", "/api/admin/clients/" + clientId + "/secret", adminToken, null, null);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String secret = AdminClientsApi.read(rotated).get("clientSecret").asString();

    assertThat(within(() -> clientAuthenticationOnB(clientId, old), "refused"))
        .isEqualTo("refused");
    assertThat(clientAuthenticationOnB(clientId, secret)).isEqualTo("authenticated");
  }

  @Test
  void disableWhenOnNodeAThenRefusedOnNodeBWithinSeconds() throws Exception {
    String clientId = "two-nodes-" + System.nanoTime() % 100000;
    String secret = createOnA(clientId);
    TestResident resident = new TestResident(nodeB.issuer(), residentCard);
    assertThat(within(() -> authorizesOnB(clientId, resident), true)).isTrue();

    HttpResponse<String> disabled =
        apiA.call("POST", "/api/admin/clients/" + clientId + "/disable", adminToken, null, null);
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    JsonNode view = AdminClientsApi.read(disabled);
    assertThat(view.get("status").asString()).isEqualTo("disabled");

    assertThat(within(() -> authorizesOnB(clientId, resident), false)).isFalse();
    assertThat(clientAuthenticationOnB(clientId, secret)).isEqualTo("refused");
  }

  private static String describe(TokenResponse response) {
    return response.indicatesSuccess()
        ? "success"
        : response.toErrorResponse().getErrorObject().toJSONObject().toString();
  }
}
