package jp.ishikawa.id.consentui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.ishikawa.id.consentui.ConsentUiApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service registered in the staff console is usable at once on every IdP node: two IdP processes
 * on the production profile (PostgreSQL and Redis, a database and a Redis of the test's own),
 * sharing the issuer, the secrets and the demo card authority (both in demo mode, so the demo card
 * with a signature certificate is the admin); consent-ui talks to node A only. The admin creates
 * the service in consent-ui (its management API call lands on node A); the service, built with the
 * Nimbus SDK and given the secret the console showed once, logs the resident in through node B
 * (node B's authorization endpoint, token endpoint and JWKS; the consent page is at the cluster's
 * issuer, which without a load balancer is node A's address) and validates the ID token against the
 * cluster's issuer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ChromiumRequired.class)
class StaffClusterBrowserTests {

  private static final String SERVICE = "kaga-onsen";

  @TempDir static Path folder;
  private SharedBackends backends;
  private IdpNodeProcess nodeA;
  private IdpNodeProcess nodeB;
  private HeadlessChromium chromium;
  private ConsoleService onsen;
  private ConfigurableApplicationContext consentUi;
  private URI home;
  private URI issuer;

  @BeforeAll
  void start() throws Exception {
    backends = SharedBackends.start(folder);
    int portA = IdpProcess.freePort();
    issuer = URI.create("http://localhost:" + portA);
    home = URI.create("http://localhost:" + IdpProcess.freePort());
    Path demo = folder.resolve("demo");
    List<String> settings = new ArrayList<>();
    settings.add("--spring.profiles.active=production");
    settings.add("--ishikawa-id.demo=true");
    settings.add("--ishikawa-id.demo-directory=" + demo);
    // Plain http on localhost; production's session cookie is Secure.
    settings.add("--server.servlet.session.cookie.secure=false");
    settings.add("--server.forward-headers-strategy=none");
    settings.add("--logging.level.root=WARN");
    settings.addAll(backends.idpArguments());
    ConsentUiRegistration registration = ConsentUiRegistration.on(home);
    settings.addAll(registration.idpArguments(0));
    nodeA = IdpNodeProcess.start(folder, "a", portA, issuer, settings);
    // Node B after A: A has migrated the database and written the demo directory both share.
    nodeB = IdpNodeProcess.start(folder, "b", IdpProcess.freePort(), issuer, settings);
    chromium = HeadlessChromium.start();
    onsen = new ConsoleService();
    consentUi =
        new SpringApplicationBuilder(ConsentUiApplication.class)
            .run(registration.consentUiArguments(issuer));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable part :
        new AutoCloseable[] {chromium, consentUi, onsen, nodeB, nodeA, backends}) {
      if (part != null) {
        try {
          part.close();
        } catch (Exception e) {
          System.err.println("stopping " + part + ": " + e);
        }
      }
    }
  }

  @Test
  void serviceCreatedInTheConsoleOnNodeAThenLogsInOnNodeB() throws Exception {
    chromium.viewport(1280, 900, false);
    StaffBrowser staff = new StaffBrowser(chromium, home, issuer);
    staff.signIn("/staff/services/new?lang=en");
    assertThat(staff.path()).isEqualTo("/staff/services/new");
    staff.byId("clientId").sendKeys(SERVICE);
    staff.byId("name").sendKeys("加賀温泉 / Kaga Onsen");
    staff.byId("redirectUris").sendKeys(onsen.redirectUri().toString());
    // openid is ticked already; the service asks for profile too.
    staff.byId("scopes2").click();
    staff.byId("create-service").click();
    chromium
        .await()
        .withMessage("the secret page")
        .until(d -> !d.findElements(By.id("client-secret")).isEmpty());
    onsen.credentials(SERVICE, staff.byId("client-secret").getText());

    onsen.useNode(new Issuer(issuer.toString()), nodeB.direct());
    // Every node sees a new service within a few seconds. Node B answers the authorization request;
    // its consent page is at the cluster's issuer (here node A's address, behind a load balancer
    // any node), and node B's token endpoint redeems the code.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String landed;
    while (true) {
      chromium.driver().get(onsen.authorizationRequest().toString());
      chromium
          .await()
          .withMessage("node B's consent screen, the service's callback or an error")
          .until(
              d ->
                  d.getCurrentUrl().startsWith(onsen.redirectUri().toString())
                      || !d.findElements(By.id("consent-approve")).isEmpty()
                      || !d.findElements(By.tagName("main")).isEmpty());
      landed = chromium.driver().getCurrentUrl();
      boolean answered =
          landed.startsWith(onsen.redirectUri().toString())
              || !chromium.driver().findElements(By.id("consent-approve")).isEmpty();
      if (answered || Instant.now().isAfter(deadline)) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(
            landed.startsWith(onsen.redirectUri() + "?code=")
                || !chromium.driver().findElements(By.id("consent-approve")).isEmpty())
        .as("node B serves the new service (landed on " + landed + ")")
        .isTrue();
    if (!chromium.driver().findElements(By.id("consent-approve")).isEmpty()) {
      chromium.driver().findElement(By.id("consent-approve")).click();
      chromium
          .await()
          .withMessage("node B to send the browser back to the service")
          .until(d -> d.getCurrentUrl().startsWith(onsen.redirectUri().toString()));
    }

    IDTokenClaimsSet token = onsen.redeem(URI.create(chromium.driver().getCurrentUrl()));

    assertThat(token.getIssuer().getValue()).isEqualTo(issuer.toString());
    assertThat(token.getAudience()).extracting(Object::toString).containsExactly(SERVICE);
    assertThat(token.getSubject().getValue()).isNotBlank();
  }
}
