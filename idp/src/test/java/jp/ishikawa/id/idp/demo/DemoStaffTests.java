package jp.ishikawa.id.idp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.idp.management.StaffProperties;
import jp.ishikawa.id.idp.testing.LocalPorts;
import jp.ishikawa.id.idp.testing.TestResident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Demo mode for consent-ui (issue 9): the {@code consent-ui} management client is registered with a
 * secret that {@code consent-ui.properties} hands to consent-ui's demo mode, and the resident of
 * the demo card with a signature certificate becomes admin, auditor and support once it has
 * registered; the other demo card's resident does not.
 */
class DemoStaffTests {

  @TempDir Path folder;

  @Test
  void demoWhenStartedThenConsentUiClientRegisteredAndSignatureCardIsStaff() throws Exception {
    int port;
    port = LocalPorts.unused();
    URI issuer = URI.create("http://localhost:" + port);
    try (ConfigurableApplicationContext demo =
        new SpringApplicationBuilder(IdpApplication.class)
            .run(
                "--server.port=" + port,
                "--ishikawa-id.demo=true",
                "--ishikawa-id.demo-directory=" + folder.resolve("demo"),
                "--spring.datasource.url=jdbc:h2:mem:demostaff"
                    + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN")) {
      Properties consentUi = new Properties();
      try (InputStream in =
          Files.newInputStream(folder.resolve("demo").resolve(DemoEnvironment.CONSENT_UI_FILE))) {
        consentUi.load(in);
      }
      assertThat(consentUi)
          .containsEntry("issuer", issuer.toString())
          .containsEntry("client-id", "consent-ui");
      RegisteredClient client =
          demo.getBean(RegisteredClientRepository.class).findByClientId("consent-ui");
      assertThat(client).isNotNull();
      assertThat(client.getRedirectUris())
          .containsExactly("http://localhost:9100/login/oauth2/code/ishikawa-id");
      assertThat(client.getPostLogoutRedirectUris())
          .containsExactly("http://localhost:9100/signed-out");
      assertThat(
              demo.getBean(PasswordEncoder.class)
                  .matches(consentUi.getProperty("client-secret"), client.getClientSecret()))
          .isTrue();

      StaffProperties staff = demo.getBean(StaffProperties.class);
      DemoStaff demoStaff = demo.getBean(DemoStaff.class);
      assertThat(demoStaff.ishikawaId()).isEmpty();
      assertThat(staff.getAdmins()).isEmpty();

      TestResident withoutSignature =
          new TestResident(
              issuer,
              TestCardFile.read(folder.resolve("demo/" + DemoEnvironment.CARD_WITHOUT_SIGNATURE)));
      withoutSignature.browser().open("/login");
      withoutSignature.logInFromLoginPage();
      assertThat(staff.getAdmins()).isEmpty();

      TestResident withSignature =
          new TestResident(
              issuer,
              TestCardFile.read(folder.resolve("demo/" + DemoEnvironment.CARD_WITH_SIGNATURE)));
      withSignature.browser().open("/login");
      withSignature.logInFromLoginPage();
      String ishikawaId = demoStaff.ishikawaId().orElseThrow();
      assertThat(staff.getAdmins()).containsExactly(ishikawaId);
      assertThat(staff.getAuditors()).containsExactly(ishikawaId);
      assertThat(staff.getSupport()).containsExactly(ishikawaId);
      assertThat(withSignature.browser().get("/account").body()).contains(ishikawaId);
    }
  }
}
