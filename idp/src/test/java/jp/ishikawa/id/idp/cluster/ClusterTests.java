package jp.ishikawa.id.idp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.idp.crypto.AtRestCipher;
import jp.ishikawa.id.idp.load.CardStock;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.token.SigningKeyStore;
import jp.ishikawa.id.verifier.model.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ishikawa ID as a cluster (issue 11): three IdP processes on the production profile behind a real
 * HAProxy, on a PostgreSQL and a Redis of the test's own ({@link Cluster}). Any node serves any
 * step; a node killed with {@code kill -9}, Redis lost, or PostgreSQL crashed in the middle of load
 * loses nothing that was issued, and the cluster recovers by itself. Load is bounded: a fixed
 * number of residents, each with a fixed number of tries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTests {

  /**
   * How many times a resident tries a login again after a step failed, a second apart: long enough
   * to ride out a backend's restart, bounded so that a cluster that never recovers fails the test.
   */
  private static final int TRIES = 60;

  /** Every token the tests were issued: none may appear in a log or a metric. */
  private final List<String> issuedTokens = Collections.synchronizedList(new ArrayList<>());

  private Cluster cluster;
  private CardStock cards;
  private OIDCProviderMetadata metadata;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = new Cluster(3);
    cards = new CardStock(cluster.pki());
    metadata = OIDCProviderMetadata.resolve(new Issuer(cluster.issuer().toString()));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void everyNodeServes() {
    cluster.awaitAllUp(Duration.ofMinutes(2));
  }

  private ClusterResident newResident() {
    return new ClusterResident(cluster.issuer(), cards.issue(1).getFirst());
  }

  @Test
  @Order(1)
  void loginCreatedOnNodeAAnsweredOnBFollowedOnCCompletesOnA() throws Exception {
    IdpNode a = cluster.node("a");
    IdpNode b = cluster.node("b");
    IdpNode c = cluster.node("c");
    ClusterResident resident = newResident();

    resident.openLogin(a.direct());
    ClusterResident.Transaction transaction = resident.createTransaction(a.direct(), Purpose.LOGIN);
    CompletableFuture<String> followed =
        CompletableFuture.supplyAsync(() -> finalEvent(resident.browser(), c, transaction));
    TransactionOutcome outcome = resident.tap(transaction, Purpose.LOGIN, b);
    assertThat(outcome.success()).as(outcome.toString()).isTrue();
    assertThat(followed.get(60, TimeUnit.SECONDS)).isEqualTo("completed");
    HttpResponse<String> completed = resident.complete(a.direct(), transaction);

    assertThat(Browser.location(completed).getPath()).isEqualTo("/register");
    // The session made on A carries on through the load balancer, whichever node answers.
    assertThat(
            resident.browser().open(cluster.issuer().resolve("/register").toString()).statusCode())
        .isEqualTo(200);
    assertThat(Browser.location(resident.cardStep(Purpose.IDENTITY)).getPath())
        .isEqualTo("/account");
    for (IdpNode node : cluster.nodes()) {
      assertThat(resident.browser().get(node.direct().resolve("/account").toString()).statusCode())
          .as("account page on node " + node.name())
          .isEqualTo(200);
    }
  }

  /** The login page's event stream, on {@code node}: the first final status it sends. */
  private static String finalEvent(
      Browser browser, IdpNode node, ClusterResident.Transaction transaction) {
    HttpResponse<Stream<String>> stream =
        browser.eventStream(
            node.direct()
                .resolve("/jpki/transactions/" + transaction.txn() + "/events")
                .toString());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (Stream<String> lines = stream.body()) {
      return lines
          .filter(line -> line.startsWith("event:"))
          .map(line -> line.substring("event:".length()).trim())
          .filter(name -> !name.equals("pending") && !name.equals("scanned"))
          .findFirst()
          .orElse("stream ended");
    }
  }

  @Test
  @Order(2)
  void signingKeyRotatedOnOneNodeSignsNowhereBeforeEveryNodePublishesIt() throws Exception {
    ClusterResident resident = newResident();
    OIDCTokens tokens = resident.visitPortal(metadata).tokens();
    RefreshToken refresh = tokens.getRefreshToken();
    String before = tokens.getIDToken().getHeader().toJSONObject().get("kid").toString();

    // The rotation a node's scheduler (or an operator) makes: the same code on the same database.
    DriverManagerDataSource database =
        new DriverManagerDataSource(cluster.jdbcUrl(), "postgres", "");
    SigningKeyStore store =
        new SigningKeyStore(
            JdbcClient.create(database),
            new AtRestCipher(
                Base64.getDecoder().decode(Cluster.encryptionKey()), new SecureRandom()),
            Clock.systemUTC(),
            Duration.ofDays(90),
            Cluster.KEY_REFRESH,
            Cluster.KEY_PUBLICATION_DELAY);
    String rotated = store.rotate(JWSAlgorithm.ES256);
    assertThat(rotated).isNotEqualTo(before);

    // Every node, in turn, issues an ID token; whatever key signed it, every node publishes it.
    Set<String> signingWithNewKey = new LinkedHashSet<>();
    Instant deadline = Instant.now().plus(Cluster.KEY_PUBLICATION_DELAY.multipliedBy(6));
    while (signingWithNewKey.size() < cluster.nodes().size() && Instant.now().isBefore(deadline)) {
      for (IdpNode node : cluster.nodes()) {
        OIDCTokens issued = refresh(node.direct(), refresh);
        if (issued.getRefreshToken() != null) {
          refresh = issued.getRefreshToken();
        }
        String kid = issued.getIDToken().getHeader().toJSONObject().get("kid").toString();
        for (IdpNode verifier : cluster.nodes()) {
          assertThat(publishedKids(verifier))
              .as(
                  "node "
                      + verifier.name()
                      + " publishes the key node "
                      + node.name()
                      + " signed with")
              .contains(kid);
        }
        if (kid.equals(rotated)) {
          signingWithNewKey.add(node.name());
        }
      }
      ChildProcess.pause(Duration.ofMillis(300));
    }
    assertThat(signingWithNewKey).containsExactlyInAnyOrder("a", "b", "c");
    for (IdpNode node : cluster.nodes()) {
      assertThat(publishedKids(node)).as("the old key stays published").contains(before);
    }
  }

  private void remember(OIDCTokens tokens) {
    issuedTokens.add(tokens.getAccessToken().getValue());
    issuedTokens.add(tokens.getIDTokenString());
    if (tokens.getRefreshToken() != null) {
      issuedTokens.add(tokens.getRefreshToken().getValue());
    }
  }

  private OIDCTokens refresh(URI node, RefreshToken token) throws Exception {
    TokenResponse response =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    node.resolve(metadata.getTokenEndpointURI().getPath()),
                    ClusterResident.portalAuthentication(),
                    new RefreshTokenGrant(token))
                .build()
                .toHTTPRequest()
                .send());
    assertThat(response.indicatesSuccess()).as("refresh grant at " + node).isTrue();
    OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    remember(tokens);
    return tokens;
  }

  private static List<String> publishedKids(IdpNode node) throws Exception {
    return JWKSet.load(node.direct().resolve("/oauth2/jwks").toURL()).getKeys().stream()
        .map(JWK::getKeyID)
        .toList();
  }

  @Test
  @Order(3)
  void nodeKilledMidLoadLosesNothingIssuedAndIsDrained() throws Exception {
    IdpNode victim = cluster.node("b");
    LoadRun run = new LoadRun(18, 6, 5);

    run.awaitFirstCompletions();
    victim.kill();
    cluster.haproxy().awaitStatus(victim.name(), "DOWN", Duration.ofSeconds(30));
    List<Visit> visits = run.finish();

    assertEveryResidentGotIn(visits, run.failures());
    assertNothingIssuedWasLost(visits);
    cluster.restart(victim);
  }

  @Test
  @Order(4)
  void redisLostMidLoadLosesOnlyInFlightLoginsSaysSoAndEveryNodeRecovers() throws Exception {
    // One resident's login is in flight when Redis goes: the card and the page both say so.
    ClusterResident caught = newResident();
    caught.openLogin(cluster.issuer());
    ClusterResident.Transaction lost = caught.createTransaction(cluster.issuer(), Purpose.LOGIN);

    LoadRun run = new LoadRun(12, 4, 3);
    run.awaitFirstCompletions();
    cluster.redis().crash();
    for (IdpNode node : cluster.nodes()) {
      ChildProcess.await(
          "node " + node.name() + " not ready without Redis",
          Duration.ofSeconds(30),
          () -> node.readiness() != 200);
      assertThat(node.liveness()).as("alive: Kubernetes must not restart it").isEqualTo(200);
    }
    cluster.redis().start();
    cluster.awaitAllUp(Duration.ofMinutes(1));
    List<Visit> visits = run.finish();

    TransactionOutcome tapped = caught.tap(lost, Purpose.LOGIN, null);
    assertThat(tapped).isInstanceOf(TransactionOutcome.Failed.class);
    assertThat(((TransactionOutcome.Failed) tapped).code()).isEqualTo("not_found");
    HttpResponse<String> status =
        caught
            .browser()
            .getJson(
                cluster
                    .issuer()
                    .resolve("/jpki/transactions/" + lost.txn() + "/events")
                    .toString());
    assertThat(Browser.json(status).get("error")).isEqualTo("not_found");
    assertThat(loginPageMessage(caught.browser(), "not_found"))
        .as("what the login page shows for it")
        .contains("もう一度");

    assertEveryResidentGotIn(visits, run.failures());
    assertNothingIssuedWasLost(visits);
  }

  /** The sentence the login page's script shows for an error code (from the page itself). */
  private String loginPageMessage(Browser browser, String code) {
    String page = browser.open(cluster.issuer().resolve("/login").toString()).body();
    Matcher item = Pattern.compile("<li data-key=\"" + code + "\"[^>]*>([^<]+)</li>").matcher(page);
    assertThat(item.find()).as("the login page has a message for " + code).isTrue();
    return item.group(1);
  }

  @Test
  @Order(5)
  void postgresCrashedMidLoadHalfWritesNoRegistrationAndReadinessGoesDownAndUp() throws Exception {
    LoadRun run = new LoadRun(12, 4, 3);
    run.awaitFirstCompletions();
    cluster.postgres().crash();
    for (IdpNode node : cluster.nodes()) {
      ChildProcess.await(
          "node " + node.name() + " not ready without PostgreSQL",
          Duration.ofSeconds(30),
          () -> node.readiness() != 200);
      assertThat(node.liveness()).as("alive: Kubernetes must not restart it").isEqualTo(200);
    }
    cluster.postgres().start();
    cluster.awaitAllUp(Duration.ofMinutes(1));
    List<Visit> visits = run.finish();

    assertEveryResidentGotIn(visits, run.failures());
    assertNothingIssuedWasLost(visits);
    JdbcClient database =
        JdbcClient.create(new DriverManagerDataSource(cluster.jdbcUrl(), "postgres", ""));
    assertThat(
            database
                .sql(
                    "SELECT COUNT(*) FROM resident r WHERE NOT EXISTS (SELECT 1 FROM"
                        + " credential_binding b WHERE b.resident_id = r.id) OR NOT EXISTS"
                        + " (SELECT 1 FROM verified_facts f WHERE f.resident_id = r.id)")
                .query(Integer.class)
                .single())
        .as("residents without their card binding or their facts")
        .isZero();
  }

  @Test
  @Order(6)
  void metricsCountWhatHappenedAndLogsAreJsonWithRequestIdsAndNothingPersonal() throws Exception {
    // A card refusal of our own: the resident types the wrong confirmation code.
    ClusterResident mistaken = newResident();
    mistaken.openLogin(cluster.issuer());
    ClusterResident.Transaction transaction =
        mistaken.createTransaction(cluster.issuer(), Purpose.LOGIN);
    String wrong = transaction.code().equals("00") ? "01" : "00";
    assertThat(
            mistaken
                .tap(
                    new ClusterResident.Transaction(transaction.txn(), transaction.url(), wrong),
                    Purpose.LOGIN,
                    null)
                .success())
        .isFalse();

    PrometheusText metrics = new PrometheusText();
    for (IdpNode node : cluster.nodes()) {
      metrics.add(node.management("/actuator/prometheus"));
    }
    assertThat(metrics.sum("ishikawa_id_logins_total", Map.of("outcome", "success"))).isPositive();
    assertThat(metrics.sum("ishikawa_id_registrations_total", Map.of())).isPositive();
    assertThat(metrics.sum("ishikawa_id_consents_total", Map.of())).isPositive();
    assertThat(
            metrics.sum(
                "ishikawa_id_token_grants_total",
                Map.of("grant_type", "authorization_code", "outcome", "success")))
        .isPositive();
    assertThat(
            metrics.sum(
                "ishikawa_id_token_grants_total",
                Map.of("grant_type", "refresh_token", "outcome", "success")))
        .isPositive();
    assertThat(metrics.sum("ishikawa_id_card_refusals_total", Map.of())).isPositive();
    assertThat(metrics.min("ishikawa_id_crl_next_update_seconds")).isPositive();
    assertThat(metrics.sum("ishikawa_id_crl_sources_failed", Map.of())).isZero();

    List<String> secrets = new ArrayList<>(issuedTokens);
    secrets.add(mistaken.card().password());
    secrets.add("負荷"); // every load resident's family name (CardStock)
    assertThat(secrets).hasSizeGreaterThan(10);
    for (String secret : secrets) {
      assertThat(metrics.text()).as("metrics").doesNotContain(secret);
    }
    JsonMapper json = JsonMapper.builder().build();
    int withRequestId = 0;
    for (Path log : cluster.logs()) {
      for (String line : Files.readAllLines(log)) {
        if (!line.startsWith("{")) {
          continue; // the JVM's own warnings on stderr
        }
        JsonNode event = json.readTree(line);
        assertThat(event.has("@timestamp") && event.has("message")).as(line).isTrue();
        if (event.has("request_id")) {
          withRequestId++;
        }
        for (String secret : secrets) {
          assertThat(line).as("log of " + log.getFileName()).doesNotContain(secret);
        }
      }
    }
    assertThat(withRequestId).as("log lines written inside a request carry its id").isPositive();
  }

  /** What one resident of a load run ended with. */
  private record Visit(ClusterResident resident, OIDCTokens tokens, int tries) {}

  /**
   * A bounded crowd: {@code residents} new residents, {@code workers} at a time, each visiting the
   * portal (login, registration, consent, tokens) and trying again after a failed step, at most
   * {@link #TRIES} times; the caller breaks something once {@code firstCompletions} got in.
   */
  private final class LoadRun {
    private final ExecutorService pool;
    private final List<Future<Visit>> results = new ArrayList<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstCompletions;

    LoadRun(int residents, int workers, int firstCompletions) {
      this.pool = Executors.newFixedThreadPool(workers);
      this.firstCompletions = new CountDownLatch(firstCompletions);
      for (CardContents card : cards.issue(residents)) {
        ClusterResident resident = new ClusterResident(cluster.issuer(), card);
        results.add(pool.submit(() -> visit(resident)));
      }
    }

    private Visit visit(ClusterResident resident) throws Exception {
      for (int attempt = 1; ; attempt++) {
        try {
          OIDCTokens tokens = resident.visitPortal(metadata).tokens();
          remember(tokens);
          firstCompletions.countDown();
          return new Visit(resident, tokens, attempt);
        } catch (ClusterResident.StepFailed | UncheckedIOException | IOException e) {
          failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
          if (attempt >= TRIES) {
            throw e;
          }
          ChildProcess.pause(Duration.ofSeconds(1));
        }
      }
    }

    void awaitFirstCompletions() throws InterruptedException {
      assertThat(firstCompletions.await(3, TimeUnit.MINUTES))
          .as("first residents got in before the fault")
          .isTrue();
    }

    List<Visit> finish() throws Exception {
      pool.shutdown();
      assertThat(pool.awaitTermination(4, TimeUnit.MINUTES)).isTrue();
      List<Visit> visits = new ArrayList<>();
      for (Future<Visit> result : results) {
        visits.add(result.get());
      }
      return visits;
    }

    List<String> failures() {
      return failures;
    }
  }

  private static void assertEveryResidentGotIn(List<Visit> visits, List<String> failures) {
    System.out.println(
        "[cluster] "
            + visits.size()
            + " residents got in; steps that failed and were tried again: "
            + failures.size()
            + (failures.isEmpty() ? "" : " " + failures.stream().distinct().limit(8).toList()));
    assertThat(visits).allMatch(v -> v.tokens().getAccessToken() != null);
  }

  /**
   * Every token issued is still good (a refresh grant and userinfo through the load balancer), and
   * every card binding and consent is still there: the same resident on a new browser gets in
   * without registering or consenting again.
   */
  private void assertNothingIssuedWasLost(List<Visit> visits) throws Exception {
    for (Visit visit : visits) {
      assertThat(
              new UserInfoRequest(
                      metadata.getUserInfoEndpointURI(),
                      (BearerAccessToken) visit.tokens().getAccessToken())
                  .toHTTPRequest()
                  .send()
                  .getStatusCode())
          .as("userinfo")
          .isEqualTo(200);
      refresh(cluster.issuer(), visit.tokens().getRefreshToken());
    }
    for (Visit visit : visits) {
      ClusterResident resident = visit.resident();
      resident.newBrowser();
      ClusterResident.PortalVisit again = resident.visitPortal(metadata);
      assertThat(again.registered()).as("card binding kept").isFalse();
      assertThat(again.consented()).as("consent kept").isFalse();
    }
  }
}
