package jp.ishikawa.id.idp.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import jp.ishikawa.id.idp.IdpApplication;
import jp.ishikawa.id.idp.testing.LocalPorts;
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
 * A newcomer in demo mode, in a real browser, with no second terminal: presses "read a demo card
 * here" on the login page and again on the registration page, and is on the account page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ChromiumRequired.class)
class DemoCardBrowserTests {

  @TempDir static Path folder;
  private HeadlessChromium chromium;
  private ConfigurableApplicationContext demo;
  private URI issuer;

  @BeforeAll
  void start() throws Exception {
    chromium = HeadlessChromium.start();
    int port;
    port = LocalPorts.unused();
    issuer = URI.create("http://localhost:" + port);
    demo =
        new SpringApplicationBuilder(IdpApplication.class)
            .run(
                "--server.port=" + port,
                "--ishikawa-id.demo=true",
                "--ishikawa-id.demo-directory=" + folder.resolve("demo"),
                "--spring.datasource.url=jdbc:h2:mem:demobrowser"
                    + System.nanoTime()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void demoCardButtonWhenPressedOnLoginAndRegistrationThenAccountPage() {
    chromium.viewport(390, 844, true);
    chromium.driver().get(issuer + "/account");
    CardWidget widget = new CardWidget(chromium, issuer);
    widget.awaitTransaction();
    Screenshots.take(chromium, "login-demo-ja-phone", 0.5);

    chromium.driver().findElement(By.id("demo-tap-with-signature")).click();
    awaitPath("/register");
    widget.awaitTransaction();
    chromium.driver().findElement(By.id("demo-tap-with-signature")).click();
    awaitPath("/account");

    String greeting =
        chromium
            .await()
            .withMessage("the account page to greet the demo resident by name")
            .until(d -> d.findElement(By.id("greeting")).getText());
    assertThat(greeting).endsWith("さん、こんにちは。");
    Screenshots.take(chromium, "account-demo-ja-phone", 0.5);
  }

  private void awaitPath(String path) {
    chromium
        .await()
        .withMessage("the browser to move on to " + path)
        .until(d -> URI.create(d.getCurrentUrl()).getPath().equals(path));
  }
}
