package jp.ishikawa.id.idp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.LocalPorts;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Demo mode as a newcomer runs it (README): a test CA and two simulated cards appear under the demo
 * directory, every page says DEMO, the generated card logs in and registers, and a restart reuses
 * everything, so the same card still logs in to the same account.
 */
class DemoModeTests {

  @TempDir Path folder;

  private ConfigurableApplicationContext start(int port, String... extra) {
    List<String> arguments =
        new java.util.ArrayList<>(
            List.of(
                "--server.port=" + port,
                "--ishikawa-id.issuer=http://localhost:" + port,
                "--ishikawa-id.demo=true",
                "--ishikawa-id.demo-directory=" + folder.resolve("demo"),
                "--spring.datasource.url=jdbc:h2:file:"
                    + folder.resolve("db/ishikawa-id")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN"));
    arguments.addAll(List.of(extra));
    return new SpringApplicationBuilder(IdpApplication.class).run(arguments.toArray(String[]::new));
  }

  private Properties cards() throws IOException {
    Properties cards = new Properties();
    try (InputStream in = Files.newInputStream(folder.resolve("demo/cards.properties"))) {
      cards.load(in);
    }
    return cards;
  }

  @Test
  void demoWhenStartedTwiceThenCardsWorkAndEverythingIsReused() throws Exception {
    int port;
    port = LocalPorts.unused();
    URI issuer = URI.create("http://localhost:" + port);
    Path card = folder.resolve("demo").resolve(DemoEnvironment.CARD_WITH_SIGNATURE);
    String accountPage;
    byte[] root;
    try (ConfigurableApplicationContext first = start(port)) {
      assertThat(first.getBean(DemoEnvironment.class).directory())
          .isEqualTo(folder.resolve("demo"));
      assertThat(card).exists();
      assertThat(folder.resolve("demo").resolve(DemoEnvironment.CARD_WITHOUT_SIGNATURE)).exists();
      Properties clients = new Properties();
      try (InputStream in = Files.newInputStream(folder.resolve("demo/clients.properties"))) {
        clients.load(in);
      }
      assertThat(clients)
          .containsEntry("ishikawa-coupon.public", "true")
          .containsEntry("ishikawa-portal.public", "false")
          .containsEntry("ishikawa-points.scopes", "openid ishikawa_residency")
          .containsKey("ishikawa-portal.secret")
          .doesNotContainKey("ishikawa-coupon.secret");
      assertThat(clients.getProperty("ishikawa-portal.scopes")).contains("profile", "address");
      root = Files.readAllBytes(folder.resolve("demo/roots/auth-root.pem"));
      CardContents contents = TestCardFile.read(card);
      assertThat(contents.pin()).isEqualTo(cards().getProperty("with-signature.pin"));

      TestResident resident = new TestResident(issuer, contents);
      assertThat(resident.browser().open("/login").body()).contains("DEMO");
      resident.logInFromLoginPage();
      accountPage = resident.browser().get("/account").body();
      assertThat(accountPage).contains("id=\"ishikawa-id\"").contains("DEMO");
    }

    try (ConfigurableApplicationContext second =
        start(port, "--ishikawa-id.jpki.revocation=none")) {
      assertThat(Files.readAllBytes(folder.resolve("demo/roots/auth-root.pem"))).isEqualTo(root);
      TestResident again = new TestResident(issuer, TestCardFile.read(card));
      again.browser().open("/login");
      TestResident.CardTransaction login = again.createTransaction("login");
      assertThat(again.tap(login, jp.ishikawa.id.verifier.model.Purpose.LOGIN).success()).isTrue();
      assertThat(Browser.location(again.complete(login)).getPath()).isEqualTo("/account");
      String ishikawaId = between(accountPage, "id=\"ishikawa-id\">", "<");
      assertThat(again.browser().get("/account").body()).contains(ishikawaId);
      // Revocation switched off in the demo: the login says so in its acr.
      assertThat(second.getBean(AuditLog.class).recent(20))
          .anyMatch(
              event ->
                  event.type().equals("login")
                      && AuthenticationContextClass.JPKI_REVOCATION_UNCHECKED.equals(
                          event.reasonCode()));
    }
  }

  /** The banner's card client command runs with this JVM's java, not an older default one. */
  @Test
  void bannerCommandWhenPrintedThenUsesTheRunningJdksJava() {
    assertThat(DemoEnvironment.cardClientCommand())
        .startsWith(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .contains(" -jar ")
        .endsWith("card-client.jar");
  }

  private static String between(String text, String before, String after) {
    int start = text.indexOf(before) + before.length();
    return text.substring(start, text.indexOf(after, start));
  }
}
