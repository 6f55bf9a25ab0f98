package jp.ishikawa.id.idp.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.cluster.PrometheusText;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.LocalPorts;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * The waiting room on Redis (shared by every node), with a capacity of one login per second and a
 * crowd arriving at once: nobody gets a 5xx, each waiting resident's position only goes down, "now
 * serving" only goes up and admits tickets in their order, the page is honest about the wait, and
 * services' token and userinfo calls are never queued.
 */
class WaitingRoomTests {

  private static final int CROWD = 9;

  private record Poll(long ticket, long nowServing, long position, boolean admitted) {}

  @Test
  void crowdAtThreeTimesCapacityWaitsInOrderWithoutErrorsAndServicesAreNeverQueued()
      throws Exception {
    int managementPort;
    managementPort = LocalPorts.unused();
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(
            TestIdentityProvider.Storage.POSTGRES_REDIS,
            Map.of(
                "ishikawa-id.admission.logins-per-second",
                "1",
                "management.server.port",
                managementPort))) {
      // A service's resident got tokens before the crowd came.
      OIDCTokens tokens =
          PortalLogin.tokens(
              idp,
              new TestResident(
                  idp.issuer(),
                  TestCards.issue(idp.pki(), TestFacts.defaults().withName("待合　一郎"))));
      OIDCProviderMetadata metadata =
          OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));

      List<Browser> waiting = new ArrayList<>();
      for (int i = 0; i < CROWD; i++) {
        Browser browser = new Browser(idp.issuer());
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.statusCode()).isIn(200, 302);
        if (login.statusCode() == 302) {
          assertThat(Browser.location(login).getPath()).isEqualTo("/waiting-room");
          HttpResponse<String> page = browser.open("/waiting-room");
          assertThat(page.statusCode()).isEqualTo(200);
          assertThat(page.body()).contains("ただいま混み合っています", "あなたの番号");
          waiting.add(browser);
        }
      }
      System.out.println("[waiting room] " + waiting.size() + " of " + CROWD + " waited");
      assertThat(waiting).as("a crowd at three times the capacity waits").isNotEmpty();
      PrometheusText metrics = new PrometheusText();
      metrics.add(
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
      assertThat(metrics.sum("ishikawa_id_admission_capacity", Map.of())).isEqualTo(1.0);
      assertThat(metrics.sum("ishikawa_id_admission_queue_length", Map.of())).isPositive();

      // While residents wait, a service reads userinfo and refreshes its tokens: not queued.
      assertThat(
              new UserInfoRequest(
                      metadata.getUserInfoEndpointURI(),
                      (BearerAccessToken) tokens.getAccessToken())
                  .toHTTPRequest()
                  .send()
                  .getStatusCode())
          .isEqualTo(200);
      assertThat(
              OIDCTokenResponseParser.parse(
                      new TokenRequest.Builder(
                              metadata.getTokenEndpointURI(),
                              PortalLogin.portalAuthentication(),
                              new RefreshTokenGrant(tokens.getRefreshToken()))
                          .build()
                          .toHTTPRequest()
                          .send())
                  .indicatesSuccess())
          .isTrue();

      List<Poll> polls = new ArrayList<>();
      List<List<Poll>> byResident = new ArrayList<>();
      waiting.forEach(b -> byResident.add(new ArrayList<>()));
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (byResident.stream().anyMatch(p -> p.isEmpty() || !p.getLast().admitted())
          && Instant.now().isBefore(deadline)) {
        for (int i = 0; i < waiting.size(); i++) {
          List<Poll> mine = byResident.get(i);
          if (!mine.isEmpty() && mine.getLast().admitted()) {
            continue;
          }
          HttpResponse<String> status = waiting.get(i).getJson("/waiting-room/status");
          assertThat(status.statusCode()).isEqualTo(200);
          Map<String, Object> json = Browser.json(status);
          Poll poll =
              new Poll(
                  ((Number) json.get("ticket")).longValue(),
                  ((Number) json.get("now_serving")).longValue(),
                  ((Number) json.get("position")).longValue(),
                  (Boolean) json.get("admitted"));
          mine.add(poll);
          polls.add(poll);
        }
        Thread.sleep(250);
      }

      assertThat(byResident).allMatch(p -> !p.isEmpty() && p.getLast().admitted());
      for (List<Poll> mine : byResident) {
        for (int i = 1; i < mine.size(); i++) {
          assertThat(mine.get(i).position()).isLessThanOrEqualTo(mine.get(i - 1).position());
        }
      }
      for (int i = 1; i < polls.size(); i++) {
        assertThat(polls.get(i).nowServing()).isGreaterThanOrEqualTo(polls.get(i - 1).nowServing());
      }
      assertThat(polls).allMatch(p -> p.admitted() == (p.ticket() <= p.nowServing()));
      for (Browser browser : waiting) {
        assertThat(browser.get("/login").statusCode())
            .as("admitted: the login page")
            .isEqualTo(200);
      }
    }
  }
}
