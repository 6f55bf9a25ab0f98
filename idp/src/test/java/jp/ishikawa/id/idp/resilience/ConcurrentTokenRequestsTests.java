package jp.ishikawa.id.idp.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * Many token lookups at once on a small database pool. Reading a stored authorization used to look
 * its client up while still holding its connection (spring-authorization-server#1257), so as many
 * requests as connections could hold them all and wait for each other until the pool timed out
 * (found by the load harness). Clients now come from memory.
 */
class ConcurrentTokenRequestsTests {

  @Test
  void introspectionWhenMoreConcurrentRequestsThanConnectionsThenEveryOneAnswered()
      throws Exception {
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(
            TestIdentityProvider.Storage.EMBEDDED,
            Map.of(
                "spring.datasource.hikari.maximum-pool-size", 2,
                "spring.datasource.hikari.connection-timeout", 5000))) {
      TestResident resident =
          new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
      AccessToken access = PortalLogin.tokens(idp, resident).getAccessToken();
      HttpClient http = HttpClient.newHttpClient();
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  (TestIdentityProvider.PORTAL + ":" + TestIdentityProvider.PORTAL_SECRET)
                      .getBytes(StandardCharsets.UTF_8));
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        answers.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(idp.issuer() + "/oauth2/introspect"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "token="
                                + URLEncoder.encode(access.getValue(), StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }

      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"active\":true");
      }
    }
  }
}
