package jp.ishikawa.id.idp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;

/**
 * New browser sessions start no platform thread each. Spring Session's indexed Redis repository
 * once handled a Redis message per new session on a new platform thread, a quarter of a core under
 * the complete-login load (docs/performance.md); the plain repository used now sends no messages,
 * and this guards against any per-session thread coming back. Skipped loudly without Redis and
 * PostgreSQL.
 */
class SessionEventThreadsTests {

  private static final int SESSIONS = 60;

  @Test
  void newSessionsWhenManyThenNoPlatformThreadStartedPerSession() throws Exception {
    TestIdentityProvider idp =
        SharedIdentityProviders.get(TestIdentityProvider.Storage.POSTGRES_REDIS);
    // No cookie handler: every request is a new browser session. One client, so the client's own
    // threads start before the count.
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest login =
        HttpRequest.newBuilder(URI.create(idp.issuer() + "/login"))
            .header("Accept", "text/html")
            .build();
    client.send(login, HttpResponse.BodyHandlers.ofString());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long startedBefore = threads.getTotalStartedThreadCount();

    for (int i = 0; i < SESSIONS; i++) {
      HttpResponse<String> page = client.send(login, HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().allValues("Set-Cookie"))
          .anyMatch(cookie -> cookie.startsWith("ISHIKAWA_ID_SESSION="));
    }

    // Platform threads only (virtual threads are not counted): a few may start for other reasons
    // (a pool's housekeeping), never one per session.
    assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(SESSIONS / 3);
  }
}
