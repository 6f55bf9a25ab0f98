package jp.ishikawa.id.idp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.LocalPorts;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * "Tap a demo card here" (issue 13): in demo mode the login and registration pages offer the demo
 * cards with their PIN and password, and the button's endpoint answers the page's transaction
 * through the real card protocol, so a newcomer reaches the account page without a second terminal.
 * It taps only this IdP's own transactions, and does not exist outside demo mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCardTapTests {

  @TempDir static Path folder;
  private ConfigurableApplicationContext demo;
  private URI issuer;

  @BeforeAll
  void start() throws Exception {
    int port;
    port = LocalPorts.unused();
    issuer = URI.create("http://localhost:" + port);
    demo =
        new SpringApplicationBuilder(IdpApplication.class)
            .run(
                "--server.port=" + port,
                "--ishikawa-id.demo=true",
                "--ishikawa-id.demo-directory=" + folder.resolve("demo"),
                "--spring.datasource.url=jdbc:h2:mem:demotap"
                    + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
  }

  @AfterAll
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private TestResident demoResident() throws java.io.IOException {
    return new TestResident(
        issuer, TestCardFile.read(folder.resolve("demo/card-with-signature.p12")));
  }

  private static Map<String, Object> tap(
      String card, String purpose, TestResident.CardTransaction transaction) {
    return Map.of(
        "card",
        card,
        "purpose",
        purpose,
        "transaction_url",
        transaction.url().toString(),
        "confirmation_code",
        transaction.code());
  }

  @Test
  void tapWhenDemoCardChosenThenLoginRegistrationAndAccountWithoutACardClient() throws Exception {
    TestResident resident = demoResident();
    String loginPage = resident.browser().open("/login").body();
    assertThat(loginPage)
        .contains("id=\"demo-tap-with-signature\"")
        .contains("id=\"demo-tap-without-signature\"")
        // Disabled until the page's script has its transaction (card-login.js enables them).
        .containsPattern("id=\"demo-tap-with-signature\"\\s+disabled")
        .contains("暗証番号 " + resident.card().pin())
        // Demo mode's help desk, its number kept on one line.
        .contains("<span class=\"nowrap\">0120-000-000（DEMO）</span>");

    TestResident.CardTransaction login = resident.createTransaction("login");
    // No issuer was configured: in demo mode it follows --server.port, and so do the QR links.
    assertThat(login.url().toString()).startsWith(issuer + "/jpki/transactions/");
    HttpResponse<String> tapped =
        resident.browser().postJson("/login/demo-card/tap", tap("with-signature", "login", login));
    assertThat(tapped.statusCode()).as(tapped.body()).isEqualTo(200);
    assertThat(Browser.location(resident.complete(login)).getPath()).isEqualTo("/register");

    String registerPage = resident.browser().open("/register").body();
    assertThat(registerPage)
        .contains("id=\"demo-tap-with-signature\"")
        .doesNotContain("id=\"demo-tap-without-signature\"")
        .contains("署名用パスワード " + resident.card().password());
    TestResident.CardTransaction identity = resident.createTransaction("identity");
    assertThat(
            resident
                .browser()
                .postJson("/login/demo-card/tap", tap("with-signature", "identity", identity))
                .statusCode())
        .isEqualTo(200);
    assertThat(Browser.location(resident.complete(identity)).getPath()).isEqualTo("/account");

    assertThat(resident.browser().get("/account").body()).contains("id=\"greeting\"");
  }

  @Test
  void tapWhenTransactionUrlIsNotThisIdpsThenRefusedAndNothingFetched() throws Exception {
    TestResident resident = demoResident();
    resident.browser().open("/login");
    TestResident.CardTransaction login = resident.createTransaction("login");
    TestResident.CardTransaction elsewhere =
        new TestResident.CardTransaction(
            login.txn(),
            URI.create("http://127.0.0.1:9/jpki/transactions/" + login.txn()),
            login.appLink(),
            login.code(),
            login.expiresAt());

    HttpResponse<String> refused =
        resident
            .browser()
            .postJson("/login/demo-card/tap", tap("with-signature", "login", elsewhere));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(Browser.json(refused)).containsEntry("error", "invalid_request");
  }

  @Test
  void tapWhenCardWithoutSignatureUsedForRegistrationThenRefused() throws Exception {
    TestResident resident = demoResident();
    resident.browser().open("/login");
    resident.browser().follow(resident.logInFromLoginPage());
    resident.browser().open("/account/facts");
    TestResident.CardTransaction identity = resident.createTransaction("identity");

    HttpResponse<String> refused =
        resident
            .browser()
            .postJson("/login/demo-card/tap", tap("without-signature", "identity", identity));

    assertThat(refused.statusCode()).isEqualTo(400);
  }

  @Test
  void tapWhenNotDemoModeThenNoButtonAndNoEndpoint() {
    TestIdentityProvider production =
        SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    TestResident resident =
        new TestResident(production.issuer(), TestCards.issue(production.pki()));
    String loginPage = resident.browser().open("/login").body();
    TestResident.CardTransaction login = resident.createTransaction("login");

    HttpResponse<String> answer =
        resident.browser().postJson("/login/demo-card/tap", tap("with-signature", "login", login));

    assertThat(loginPage).doesNotContain("demo-tap-");
    assertThat(answer.statusCode()).isEqualTo(404);
  }
}
