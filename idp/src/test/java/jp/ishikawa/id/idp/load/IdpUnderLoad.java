package jp.ishikawa.id.idp.load;

import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * The harness's measurements against one running IdP, in this order (each flow's residents come
 * from the one before): registration (new cards: card login, identity transaction, facts encrypted
 * and stored), card login of registered residents, the complete login at a relying party (authorize
 * → card login → consent remembered → code → token → userinfo, from a new browser session), the
 * OpenID Connect code flow of a signed-in resident who already consented (authorize → code → token
 * with {@code client_secret_basic} and PKCE → userinfo), refresh-token grants, and the machine
 * client's client-credentials grants. With {@code repeats} above 1 the whole sequence is measured
 * that many times against the same IdP (set-up once), so that each figure has a run-to-run spread.
 */
final class IdpUnderLoad {

  static final String SCOPE = "openid profile ishikawa_residency";

  /** A rate limit that never bites: all the harness's load comes from 127.0.0.1. */
  static final int UNLIMITED = 1_000_000;

  private final TestIdentityProvider idp;
  private final String storage;
  private final LoadSettings settings;
  private final Consumer<String> progress;
  private final List<HttpClient> clients = new ArrayList<>();
  private final CardStock cards;
  private final List<VirtualResident> registered = Collections.synchronizedList(new ArrayList<>());
  private final List<Measurement> results = new ArrayList<>();

  /** Residents each complete-login worker takes turns with (each consented once, at set-up). */
  private static final int RESIDENTS_PER_WORKER = 4;

  private int run = 1;

  IdpUnderLoad(
      TestIdentityProvider idp, String storage, LoadSettings settings, Consumer<String> progress) {
    this.idp = idp;
    this.storage = storage;
    this.settings = settings;
    this.progress = progress;
    for (int i = 0; i < settings.httpClients(); i++) {
      clients.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newVirtualThreadPerTaskExecutor())
              .build());
    }
    this.cards = new CardStock(idp.pki());
  }

  /**
   * Raises the card-protocol rate limits for this harness only. They are per browser session and
   * per client address; every virtual resident here shares 127.0.0.1, where real residents come
   * from as many addresses. The properties are read on each request, so setting them on the running
   * IdP takes effect at once.
   */
  static void raiseRateLimits(TestIdentityProvider idp) {
    IshikawaIdProperties.Transactions limits =
        idp.bean(IshikawaIdProperties.class).getTransactions();
    // By name: older commits, which idp/load/compare-commits.sh also drives, have fewer limits.
    for (String setter :
        List.of(
            "setResponsesPerAddressPerMinute",
            "setPerSessionPerMinute",
            "setPerAddressPerMinute")) {
      try {
        limits.getClass().getMethod(setter, int.class).invoke(limits, UNLIMITED);
      } catch (NoSuchMethodException e) {
        // not a limit of this commit
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(setter, e);
      }
    }
  }

  List<Measurement> run() {
    raiseRateLimits(idp);
    // Always: the residents of the other flows come from here.
    double registrationRate = warmUpRegistrations();
    Set<String> flows = settings.flows();
    OIDCProviderMetadata metadata = null;
    List<VirtualBrowser> sessions = List.of();
    List<VirtualResident> consented = List.of();
    Optional<MachineClient> machine = Optional.empty();
    if (flows.contains(LoadSettings.OIDC) || flows.contains(LoadSettings.REFRESH)) {
      metadata = PortalClient.discover(idp.issuer());
      sessions = signInForPortal(metadata, settings.maxWorkers());
    }
    if (flows.contains(LoadSettings.COMPLETE_LOGIN)) {
      metadata = metadata != null ? metadata : PortalClient.discover(idp.issuer());
      consented = consentOnce(metadata, settings.maxWorkers() * RESIDENTS_PER_WORKER);
    }
    if (flows.contains(LoadSettings.CLIENT_CREDENTIALS)) {
      metadata = metadata != null ? metadata : PortalClient.discover(idp.issuer());
      machine = MachineClient.of(metadata, clients.getFirst());
      if (machine.isEmpty()) {
        progress.accept(
            storage + ": client-credentials SKIPPED: this test IdP has no machine client");
      }
    }
    for (int run = 1; run <= settings.repeats(); run++) {
      this.run = run;
      if (settings.repeats() > 1) {
        progress.accept(storage + ": run " + run + " of " + settings.repeats());
      }
      if (flows.contains(LoadSettings.REGISTRATION)) {
        for (int workers : settings.workers()) {
          Measurement m = registrations(workers, registrationRate);
          registrationRate = Math.max(registrationRate, m.perSecond());
        }
      }
      if (flows.contains(LoadSettings.LOGIN)) {
        for (int workers : settings.workers()) {
          logins(workers);
        }
      }
      if (flows.contains(LoadSettings.COMPLETE_LOGIN)) {
        for (int workers : settings.workers()) {
          completeLogins(metadata, consented, workers);
        }
      }
      if (flows.contains(LoadSettings.OIDC)) {
        for (int workers : settings.workers()) {
          codeFlows(metadata, sessions, workers);
        }
      }
      if (flows.contains(LoadSettings.REFRESH)) {
        for (int workers : settings.workers()) {
          refreshes(metadata, sessions, workers);
        }
      }
      if (machine.isPresent()) {
        for (int workers : settings.workers()) {
          clientCredentials(metadata, workers);
        }
      }
    }
    return results;
  }

  /**
   * Registers a first batch on the cold JVM (JIT, pools, caches; and the first residents), all of
   * it measured, up to two minutes; returns its rate, which sizes the later card stocks.
   */
  private double warmUpRegistrations() {
    Queue<CardContents> stock = new ConcurrentLinkedQueue<>(cards.issue(300));
    progress.accept(storage + ": warm-up registrations");
    Measurement m =
        ClosedLoop.run(
            storage,
            "warm-up registration",
            8,
            Duration.ZERO,
            Duration.ofMinutes(2),
            i -> registration(stock, i));
    progress.accept(describe(m));
    if (m.operations() == 0) {
      throw new IllegalStateException(
          "no registration succeeded in the warm-up: " + m.errorSamples());
    }
    return m.perSecond();
  }

  private Measurement registrations(int workers, double expectedRate) {
    double seconds = settings.warmUp().toMillis() / 1000.0 + settings.window().toMillis() / 1000.0;
    // Three times what the fastest run so far suggests: the warm-up ran on a cold JVM.
    int size = Math.max(200, (int) Math.ceil(expectedRate * seconds * 3)) + 4 * workers;
    long start = System.nanoTime();
    Queue<CardContents> stock = new ConcurrentLinkedQueue<>(cards.issue(size));
    progress.accept(
        String.format(
            "%s: issued %d cards for registration × %d in %.1f s",
            storage, size, workers, (System.nanoTime() - start) / 1e9));
    return measure("registration", workers, i -> registration(stock, i));
  }

  private ClosedLoop.Operation registration(Queue<CardContents> stock, int worker) {
    VirtualCardReader reader = reader(worker);
    return () -> {
      CardContents card = stock.poll();
      if (card == null) {
        return false;
      }
      VirtualResident resident = new VirtualResident(card);
      resident.register(reader.newBrowser(), reader.cardClient());
      registered.add(resident);
      return true;
    };
  }

  private void logins(int workers) {
    List<VirtualResident> pool = List.copyOf(registered);
    if (pool.size() < workers) {
      throw new IllegalStateException(
          "only " + pool.size() + " registered residents for " + workers + " workers");
    }
    measure(
        "card login",
        workers,
        i -> {
          // Each worker owns its residents: a card is in one reader at a time.
          List<VirtualResident> mine = new ArrayList<>();
          for (int r = i; r < pool.size(); r += workers) {
            mine.add(pool.get(r));
          }
          VirtualCardReader reader = reader(i);
          int[] next = {0};
          return () -> {
            VirtualResident resident = mine.get(next[0]++ % mine.size());
            resident.logIn(reader.newBrowser(), reader.cardClient());
            return true;
          };
        });
  }

  /**
   * Signs {@code count} registered residents in through an authorization request of the portal and
   * consents: returns their browsers, signed in at the IdP.
   */
  private List<VirtualBrowser> signInForPortal(OIDCProviderMetadata metadata, int count) {
    progress.accept(storage + ": signing in " + count + " residents and consenting to the portal");
    List<VirtualResident> pool = List.copyOf(registered);
    List<VirtualBrowser> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      VirtualCardReader reader = reader(i);
      PortalClient portal = new PortalClient(metadata, reader.http());
      VirtualBrowser browser = reader.newBrowser();
      PortalClient.Attempt attempt = portal.authorize(SCOPE);
      URI redirect =
          VirtualBrowser.location(
              pool.get(pool.size() - 1 - i)
                  .logInForAuthorization(browser, reader.cardClient(), attempt.uri()));
      portal.exchange(portal.code(redirect, attempt), attempt);
      sessions.add(browser);
    }
    return sessions;
  }

  /**
   * Has {@code count} registered residents sign in to the portal once and consent (set-up, not
   * measured; in parallel), so that their later logins find the consent remembered.
   */
  private List<VirtualResident> consentOnce(OIDCProviderMetadata metadata, int count) {
    List<VirtualResident> pool = List.copyOf(registered);
    if (pool.size() < count) {
      throw new IllegalStateException(
          "only " + pool.size() + " registered residents for " + count + " complete logins");
    }
    progress.accept(storage + ": " + count + " residents consent to the portal once (set-up)");
    List<VirtualResident> chosen = pool.subList(0, count);
    int lanes = settings.maxWorkers();
    List<Thread> threads = new ArrayList<>();
    Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
    for (int lane = 0; lane < lanes; lane++) {
      int first = lane;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    VirtualCardReader reader = reader(first);
                    PortalClient portal = new PortalClient(metadata, reader.http());
                    try {
                      for (int r = first; r < chosen.size(); r += lanes) {
                        PortalClient.Attempt attempt = portal.authorize(SCOPE);
                        URI redirect =
                            VirtualBrowser.location(
                                chosen
                                    .get(r)
                                    .logInForAuthorization(
                                        reader.newBrowser(), reader.cardClient(), attempt.uri()));
                        portal.exchange(portal.code(redirect, attempt), attempt);
                      }
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("consent set-up failed", failures.peek());
    }
    return chosen;
  }

  /**
   * The whole sign-in of a resident at a relying party, as one operation: authorize → login page →
   * card transaction → the card's signed response → complete → consent remembered → code → token →
   * userinfo. Each worker takes turns with its own residents, each from a new browser session.
   */
  private void completeLogins(
      OIDCProviderMetadata metadata, List<VirtualResident> consented, int workers) {
    measure(
        "complete login",
        workers,
        i -> {
          List<VirtualResident> mine = new ArrayList<>();
          for (int r = i; r < consented.size(); r += workers) {
            mine.add(consented.get(r));
          }
          VirtualCardReader reader = reader(i);
          PortalClient portal = new PortalClient(metadata, reader.http());
          int[] next = {0};
          return () -> {
            VirtualResident resident = mine.get(next[0]++ % mine.size());
            PortalClient.Attempt attempt = portal.authorize(SCOPE);
            URI redirect =
                VirtualBrowser.location(
                    resident.logInWithRememberedConsent(
                        reader.newBrowser(), reader.cardClient(), attempt.uri()));
            OIDCTokens tokens = portal.exchange(portal.code(redirect, attempt), attempt);
            portal.userInfo(tokens.getBearerAccessToken());
            return true;
          };
        });
  }

  /** The machine client's {@code client_credentials} grants, one after another per worker. */
  private void clientCredentials(OIDCProviderMetadata metadata, int workers) {
    measure(
        "client credentials",
        workers,
        i -> {
          MachineClient machine =
              MachineClient.of(metadata, reader(i).http()).orElseThrow(IllegalStateException::new);
          return () -> {
            machine.token();
            return true;
          };
        });
  }

  private void codeFlows(
      OIDCProviderMetadata metadata, List<VirtualBrowser> sessions, int workers) {
    measure(
        "OIDC code flow",
        workers,
        i -> {
          VirtualBrowser browser = sessions.get(i);
          PortalClient portal = new PortalClient(metadata, reader(i).http());
          return () -> {
            codeFlow(portal, browser);
            return true;
          };
        });
  }

  /** authorize (signed in, consented: no card, no screen) → code → token → userinfo. */
  private static OIDCTokens codeFlow(PortalClient portal, VirtualBrowser browser) {
    PortalClient.Attempt attempt = portal.authorize(SCOPE);
    URI redirect = VirtualBrowser.location(browser.get(attempt.uri().toString()));
    OIDCTokens tokens = portal.exchange(portal.code(redirect, attempt), attempt);
    portal.userInfo(tokens.getBearerAccessToken());
    return tokens;
  }

  private void refreshes(
      OIDCProviderMetadata metadata, List<VirtualBrowser> sessions, int workers) {
    measure(
        "refresh grant",
        workers,
        i -> {
          PortalClient portal = new PortalClient(metadata, reader(i).http());
          VirtualBrowser browser = sessions.get(i);
          RefreshToken[] current = {codeFlow(portal, browser).getRefreshToken()};
          return () -> {
            if (current[0] == null) {
              // After a failed refresh the token may be spent or not: start a new chain.
              current[0] = codeFlow(portal, browser).getRefreshToken();
            }
            RefreshToken used = current[0];
            current[0] = null; // until the answer says whether it was spent
            current[0] = portal.refresh(used).getRefreshToken();
            return true;
          };
        });
  }

  private Measurement measure(
      String flow, int workers, IntFunction<ClosedLoop.Operation> operations) {
    progress.accept(storage + ": " + flow + " × " + workers);
    Measurement m;
    String profiles = System.getProperty("load.jfr");
    if (profiles == null || profiles.isBlank()) {
      m = ClosedLoop.run(storage, flow, workers, settings.warmUp(), settings.window(), operations);
    } else {
      // A flight recording of this run alone (warm-up included), with the JDK's "profile" settings.
      Path file =
          Path.of(
              profiles,
              String.format("%s-%s-%d-run%d.jfr", storage, flow.replace(' ', '-'), workers, run));
      try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
        recording.start();
        m =
            ClosedLoop.run(
                storage, flow, workers, settings.warmUp(), settings.window(), operations);
        recording.stop();
        Files.createDirectories(file.getParent());
        recording.dump(file);
      } catch (IOException | java.text.ParseException e) {
        throw new IllegalStateException("flight recording " + file, e);
      }
      progress.accept("  flight recording: " + file);
    }
    m = m.inRun(run);
    progress.accept(describe(m));
    results.add(m);
    return m;
  }

  private VirtualCardReader reader(int worker) {
    HttpClient http = clients.get(worker % clients.size());
    return new VirtualCardReader(
        idp.issuer(), http, new TransactionClient(http, Duration.ofSeconds(30)));
  }

  /** A worker's HTTP client, a browser per new session, and card-client's protocol code. */
  private record VirtualCardReader(URI issuer, HttpClient http, TransactionClient cardClient) {
    VirtualBrowser newBrowser() {
      return new VirtualBrowser(issuer, http);
    }
  }

  static String describe(Measurement m) {
    return String.format(
        "  %s × %d: %.1f/s, p50 %.1f ms, p99 %.1f ms, %d errors, JVM %.1f ms CPU/op,"
            + " cores busy JVM %.2f / other programs %.2f%s%s",
        m.flow(),
        m.workers(),
        m.perSecond(),
        m.p50Millis(),
        m.p99Millis(),
        m.errors(),
        m.jvmCpuMillisPerOperation(),
        m.jvmCores(),
        m.otherCores(),
        m.errorSamples().isEmpty() ? "" : " " + m.errorSamples(),
        m.note().isEmpty() ? "" : " (" + m.note() + ")");
  }
}
