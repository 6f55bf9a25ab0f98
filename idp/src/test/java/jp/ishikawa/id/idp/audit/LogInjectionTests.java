package jp.ishikawa.id.idp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Nothing from a request reaches a log line unescaped (issue 7, item 10): {@code ?lang=} with
 * {@code %0A} wrote a forged "audit … outcome=success" line. Each test logs through the running
 * IdP's own logging configuration and checks that no line starts with what the value tried to
 * forge.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogInjectionTests {

  private static final String FORGED = "FORGED audit type=login outcome=success reason=jpki";

  private TestIdentityProvider idp;

  /**
   * An IdP of its own: starting it configures logging as {@code application.yml} says (another
   * test's IdP shutting down resets logging for the whole JVM).
   */
  @BeforeAll
  void start() {
    idp = TestIdentityProvider.start(TestIdentityProvider.Storage.EMBEDDED);
  }

  @AfterAll
  void stop() {
    idp.close();
  }

  private static void assertNoForgedLine(CapturedOutput output) {
    assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("FORGED"));
  }

  @Test
  void requestWhenQueryValueCarriesLineFeedThenNoForgedLogLine(CapturedOutput output)
      throws Exception {
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        idp.issuer()
                            + "/login?lang=x%0A"
                            + FORGED.replace(" ", "%20").replace("=", "%3D")))
                .header("Accept", "text/html")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());

    assertNoForgedLine(output);
  }

  @Test
  void auditWhenValuesCarryLineBreaksThenLoggedAndStoredOnOneLine(CapturedOutput output) {
    AuditLog audit = idp.bean(AuditLog.class);

    audit.record(
        "test.injection", "failure", "x\r\n" + FORGED, null, "c\n" + FORGED, "d\n" + FORGED);

    assertNoForgedLine(output);
    assertThat(output.getAll()).contains("x\\r\\n" + FORGED);
    assertThat(audit.recent(5))
        .anySatisfy(event -> assertThat(event.detail()).isEqualTo("d\\n" + FORGED));
  }

  @Test
  void frameworkLogLineWhenMessageAndExceptionCarryLineFeedsThenNoForgedLine(
      CapturedOutput output) {
    // What a framework does with a request value in an exception message (Tomcat, Spring MVC).
    LoggerFactory.getLogger("org.apache.catalina.core.ContainerBase")
        .error(
            "Servlet.service() threw: value x\n" + FORGED,
            new IllegalArgumentException("Locale part \"x\n" + FORGED + "\" is invalid"));

    assertNoForgedLine(output);
    assertThat(output.getAll()).contains(FORGED).contains("\tat ");
  }
}
