package jp.ishikawa.id.idp.load;

import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The waiting room under an open-loop crowd (issue 11): an IdP started with {@code
 * ishikawa-id.admission.logins-per-second} = C, and three times C new browser sessions arriving
 * each second for the window, whatever the IdP answers. Each virtual resident opens the login page
 * and, when sent to the waiting room, follows its place on {@code /waiting-room/status} (every
 * second; the page itself polls every 3 s) until admitted, then opens the login page again. It
 * stops there: the card login after admission is what the login flow measures.
 *
 * <p>Meanwhile one service, signed in before the crowd came, reads userinfo and refreshes its
 * tokens in a loop: those calls must never be queued. What counts: responses 5xx (must be 0), a
 * resident's position going up, a ticket still waiting after a later ticket was seen admitted or
 * "now serving" seen going down (out of order), residents never admitted, and the waits.
 */
final class WaitingRoomUnderLoad {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration POLL = Duration.ofSeconds(1);

  /** What the run found. */
  record Result(
      String storage,
      int capacity,
      int arrivalsPerSecond,
      double windowSeconds,
      long arrived,
      long admittedAtOnce,
      long admitted,
      long notAdmitted,
      long fiveXx,
      long otherErrors,
      long positionIncreases,
      long outOfOrder,
      long polls,
      double waitP50Millis,
      double waitP99Millis,
      double waitMaxMillis,
      long serviceCalls,
      long serviceFailures,
      double userInfoP50Millis,
      double userInfoP99Millis,
      double userInfoMaxMillis,
      double refreshP50Millis,
      double refreshP99Millis,
      double refreshMaxMillis,
      List<String> errorSamples) {

    boolean failed() {
      return fiveXx > 0
          || otherErrors > 0
          || positionIncreases > 0
          || outOfOrder > 0
          || notAdmitted > 0
          || serviceFailures > 0
          || arrived == 0;
    }

    String format() {
      return String.format(
          Locale.ROOT,
          "| storage | capacity /s | arrivals /s | window s | arrived | admitted at once |"
              + " admitted after waiting | never admitted | 5xx | other errors | position went up"
              + " | out of order | status polls | wait p50 / p99 / max s | service calls |"
              + " service failures | userinfo p50 / p99 / max ms | refresh p50 / p99 / max ms |%n"
              + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
              + "| %s | %d | %d | %.0f | %d | %d | %d | %d | %d | %d | %d | %d | %d |"
              + " %.1f / %.1f / %.1f | %d | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f |%s",
          storage,
          capacity,
          arrivalsPerSecond,
          windowSeconds,
          arrived,
          admittedAtOnce,
          admitted - admittedAtOnce,
          notAdmitted,
          fiveXx,
          otherErrors,
          positionIncreases,
          outOfOrder,
          polls,
          waitP50Millis / 1000,
          waitP99Millis / 1000,
          waitMaxMillis / 1000,
          serviceCalls,
          serviceFailures,
          userInfoP50Millis,
          userInfoP99Millis,
          userInfoMaxMillis,
          refreshP50Millis,
          refreshP99Millis,
          refreshMaxMillis,
          errorSamples.isEmpty() ? "" : "\n  - " + String.join("\n  - ", errorSamples));
    }
  }

  private final TestIdentityProvider idp;
  private final String storage;
  private final int capacity;
  private final Duration window;
  private final Consumer<String> progress;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  private final AtomicLong arrived = new AtomicLong();
  private final AtomicLong admittedAtOnce = new AtomicLong();
  private final AtomicLong fiveXx = new AtomicLong();
  private final AtomicLong otherErrors = new AtomicLong();
  private final AtomicLong positionIncreases = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong highestAdmitted = new AtomicLong();
  private final AtomicLong highestNowServing = new AtomicLong();
  private final List<Long> waitNanos = Collections.synchronizedList(new ArrayList<>());
  private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

  WaitingRoomUnderLoad(
      TestIdentityProvider idp,
      String storage,
      int capacity,
      Duration window,
      Consumer<String> progress) {
    this.idp = idp;
    this.storage = storage;
    this.capacity = capacity;
    this.window = window;
    this.progress = progress;
  }

  Result run() throws Exception {
    // A service's resident got tokens before the crowd came (an idle queue admits at once).
    OIDCTokens tokens =
        PortalLogin.tokens(
            idp,
            new TestResident(
                idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults().withName("待合　一郎"))));
    OIDCProviderMetadata metadata = PortalClient.discover(idp.issuer());
    int perSecond = 3 * capacity;
    // Everyone arriving in the window is let in at the capacity's pace: 3 × window, plus a margin.
    long deadline = System.nanoTime() + window.multipliedBy(3).plusSeconds(30).toNanos();
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: waiting room, capacity %d/s, %d arrivals/s for %d s",
            storage,
            capacity,
            perSecond,
            window.toSeconds()));

    List<Long> userInfoNanos = Collections.synchronizedList(new ArrayList<>());
    List<Long> refreshNanos = Collections.synchronizedList(new ArrayList<>());
    AtomicLong serviceFailures = new AtomicLong();
    long[] windowNanos = new long[1];
    try (ExecutorService residents = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService service = Executors.newVirtualThreadPerTaskExecutor()) {
      AtomicBoolean crowdGone = new AtomicBoolean();
      service.submit(
          () ->
              service(
                  metadata,
                  tokens,
                  userInfoNanos,
                  refreshNanos,
                  serviceFailures,
                  crowdGone,
                  deadline));
      long start = System.nanoTime();
      long windowEnd = start + window.toNanos();
      long interval = 1_000_000_000L / perSecond;
      for (long next = start; next < windowEnd; next += interval) {
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
        long arrival = System.nanoTime();
        arrived.incrementAndGet();
        residents.submit(() -> resident(arrival, deadline));
      }
      windowNanos[0] = System.nanoTime() - start;
      progress.accept(storage + ": " + arrived.get() + " arrived; waiting for the line to empty");
      residents.shutdown();
      residents.awaitTermination(
          deadline - System.nanoTime() + 60_000_000_000L, TimeUnit.NANOSECONDS);
      crowdGone.set(true);
    }
    List<Long> waits = sorted(waitNanos);
    List<Long> userInfo = sorted(userInfoNanos);
    List<Long> refresh = sorted(refreshNanos);
    return new Result(
        storage,
        capacity,
        perSecond,
        windowNanos[0] / 1e9,
        arrived.get(),
        admittedAtOnce.get(),
        waits.size(),
        arrived.get() - waits.size(),
        fiveXx.get(),
        otherErrors.get(),
        positionIncreases.get(),
        outOfOrder.get(),
        polls.get(),
        percentile(waits, 0.50),
        percentile(waits, 0.99),
        percentile(waits, 1.0),
        userInfo.size() + refresh.size(),
        serviceFailures.get(),
        percentile(userInfo, 0.50),
        percentile(userInfo, 0.99),
        percentile(userInfo, 1.0),
        percentile(refresh, 0.50),
        percentile(refresh, 0.99),
        percentile(refresh, 1.0),
        List.copyOf(errorSamples));
  }

  /** One resident: the login page, the waiting room until admitted, the login page again. */
  private void resident(long arrival, long deadline) {
    VirtualBrowser browser = new VirtualBrowser(idp.issuer(), http);
    try {
      HttpResponse<String> login = checked(browser.get("/login"));
      if (login.statusCode() == 200) {
        waitNanos.add(System.nanoTime() - arrival);
        admittedAtOnce.incrementAndGet();
        // The session holds its ticket: learn it for the order check.
        Status status = status(browser);
        if (status != null) {
          // A later ticket let in before an earlier one is caught on the waiting side.
          admitted(status.ticket());
        }
        return;
      }
      if (!VirtualBrowser.isRedirect(login)
          || !VirtualBrowser.location(login).getPath().equals("/waiting-room")) {
        error("/login: " + login.statusCode());
        return;
      }
      HttpResponse<String> page = checked(browser.get("/waiting-room"));
      if (VirtualBrowser.isRedirect(page)
          && VirtualBrowser.location(page).getPath().equals("/login")) {
        // Admitted between the two requests: the waiting room sends the resident back at once.
        Status status = status(browser);
        if (status == null || !status.admitted()) {
          error("/waiting-room sent back to /login before admission");
          return;
        }
        admitted(status.ticket());
        admit(browser, arrival);
        return;
      }
      if (page.statusCode() != 200) {
        error("/waiting-room: " + page.statusCode());
        return;
      }
      long lastPosition = Long.MAX_VALUE;
      while (System.nanoTime() < deadline) {
        long admittedBefore = highestAdmitted.get();
        long servingBefore = highestNowServing.get();
        Status status = status(browser);
        if (status == null) {
          return;
        }
        polls.incrementAndGet();
        highestNowServing.accumulateAndGet(status.nowServing(), Math::max);
        if (status.nowServing() < servingBefore
            || status.admitted() != (status.ticket() <= status.nowServing())) {
          outOfOrder.incrementAndGet();
        }
        if (status.position() > lastPosition) {
          positionIncreases.incrementAndGet();
        }
        lastPosition = status.position();
        if (status.admitted()) {
          admitted(status.ticket());
          admit(browser, arrival);
          return;
        }
        if (status.ticket() < admittedBefore) {
          // A later ticket was let in before this one.
          outOfOrder.incrementAndGet();
        }
        Thread.sleep(POLL);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** The login page again, now admitted: the wait ends here. */
  private void admit(VirtualBrowser browser, long arrival) {
    HttpResponse<String> again = checked(browser.get("/login"));
    if (again.statusCode() != 200) {
      error("/login after admission: " + again.statusCode());
      return;
    }
    waitNanos.add(System.nanoTime() - arrival);
  }

  private record Status(long ticket, long nowServing, long position, boolean admitted) {}

  private Status status(VirtualBrowser browser) {
    HttpResponse<String> response = checked(browser.getJson("/waiting-room/status"));
    if (response.statusCode() != 200) {
      error("/waiting-room/status: " + response.statusCode());
      return null;
    }
    JsonNode json = JSON.readTree(response.body());
    return new Status(
        json.get("ticket").asLong(),
        json.get("now_serving").asLong(),
        json.get("position").asLong(),
        json.get("admitted").asBoolean());
  }

  private void admitted(long ticket) {
    highestAdmitted.accumulateAndGet(ticket, Math::max);
  }

  private HttpResponse<String> checked(HttpResponse<String> response) {
    if (response.statusCode() >= 500) {
      fiveXx.incrementAndGet();
      sample(response.request().uri().getPath() + ": " + response.statusCode());
    }
    return response;
  }

  private void error(String message) {
    if (!message.matches(".*: 5\\d\\d")) {
      otherErrors.incrementAndGet();
    }
    sample(message);
  }

  private void sample(String message) {
    synchronized (errorSamples) {
      if (errorSamples.size() < 5 && !errorSamples.contains(message)) {
        errorSamples.add(message);
      }
    }
  }

  /** The service: userinfo and a refresh grant in turn, timed, until the crowd is gone. */
  private void service(
      OIDCProviderMetadata metadata,
      OIDCTokens tokens,
      List<Long> userInfoLatencies,
      List<Long> refreshLatencies,
      AtomicLong failures,
      AtomicBoolean crowdGone,
      long deadline) {
    PortalClient portal = new PortalClient(metadata, http);
    RefreshToken refresh = tokens.getRefreshToken();
    OIDCTokens current = tokens;
    boolean userInfo = true;
    while (!crowdGone.get() && System.nanoTime() < deadline) {
      long start = System.nanoTime();
      try {
        if (userInfo) {
          portal.userInfo(current.getBearerAccessToken());
          userInfoLatencies.add(System.nanoTime() - start);
        } else {
          current = portal.refresh(refresh);
          refreshLatencies.add(System.nanoTime() - start);
          if (current.getRefreshToken() != null) {
            refresh = current.getRefreshToken();
          }
        }
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        sample("service: " + e.getMessage());
      }
      userInfo = !userInfo;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static List<Long> sorted(List<Long> values) {
    synchronized (values) {
      return values.stream().sorted().toList();
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }

  static Map<String, Object> properties(int capacity) {
    return Map.of("ishikawa-id.admission.logins-per-second", capacity);
  }
}
