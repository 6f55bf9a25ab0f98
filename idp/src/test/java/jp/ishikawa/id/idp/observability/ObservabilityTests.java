package jp.ishikawa.id.idp.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.cluster.PrometheusText;
import jp.ishikawa.id.idp.testing.LocalPorts;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics on the management port (as in production) and request ids, on one embedded node. The
 * cluster-wide view, with JSON logs and the privacy checks, is in {@code ClusterTests}.
 */
class ObservabilityTests {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestIdentityProvider idp;
  private static int managementPort;

  @BeforeAll
  static void start() throws Exception {
    managementPort = LocalPorts.unused();
    idp =
        TestIdentityProvider.start(
            TestIdentityProvider.Storage.EMBEDDED,
            Map.of("management.server.port", managementPort));
  }

  @AfterAll
  static void stop() {
    idp.close();
  }

  private static HttpResponse<String> get(URI uri, String requestId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (requestId != null) {
      request.header(RequestIdFilter.HEADER, requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI management(String path) {
    return URI.create("http://127.0.0.1:" + managementPort + path);
  }

  @Test
  void prometheusWhenResidentRegisteredThenLoginAndRegistrationAreCounted() throws Exception {
    PrometheusText before = new PrometheusText();
    before.add(get(management("/actuator/prometheus"), null).body());
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki()));
    resident.browser().open("/login");
    resident.logInFromLoginPage();

    HttpResponse<String> response = get(management("/actuator/prometheus"), null);
    assertThat(response.statusCode()).isEqualTo(200);
    PrometheusText after = new PrometheusText();
    after.add(response.body());
    assertThat(after.sum("ishikawa_id_registrations_total", Map.of()))
        .isEqualTo(before.sum("ishikawa_id_registrations_total", Map.of()) + 1);
    assertThat(after.sum("ishikawa_id_logins_total", Map.of("outcome", "success")))
        .isGreaterThan(before.sum("ishikawa_id_logins_total", Map.of("outcome", "success")));
    assertThat(after.min("ishikawa_id_crl_next_update_seconds")).isPositive();
  }

  @Test
  void prometheusWhenAskedOnThePublicPortThenNotServed() throws Exception {
    assertThat(get(idp.issuer().resolve("/actuator/prometheus"), null).statusCode())
        .isNotEqualTo(200);
  }

  @Test
  void requestIdWhenNoneGivenThenAFreshOneIsReturned() throws Exception {
    String id =
        get(idp.issuer().resolve("/login"), null)
            .headers()
            .firstValue(RequestIdFilter.HEADER)
            .orElseThrow();
    assertThat(id).matches("[0-9a-f-]{36}");
  }

  @Test
  void requestIdWhenWellFormedThenKept() throws Exception {
    assertThat(
            get(idp.issuer().resolve("/login"), "lb-0123456789abcdef")
                .headers()
                .firstValue(RequestIdFilter.HEADER))
        .contains("lb-0123456789abcdef");
  }

  @Test
  void requestIdWhenMalformedThenReplaced() throws Exception {
    String id =
        get(idp.issuer().resolve("/login"), "x\"}{\"message\":\"forged")
            .headers()
            .firstValue(RequestIdFilter.HEADER)
            .orElseThrow();
    assertThat(id).matches("[0-9a-f-]{36}");
  }
}
