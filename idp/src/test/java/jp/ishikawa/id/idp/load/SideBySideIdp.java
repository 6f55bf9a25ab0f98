package jp.ishikawa.id.idp.load;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.idp.testing.Backends;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * Ishikawa ID's side of {@code idp/load/keycloak-side-by-side.sh}: starts the IdP as the load
 * harness does on PostgreSQL and Redis ({@link TestIdentityProvider}, production stores), registers
 * and signs in {@code tokens} residents with simulated cards through the portal client (code flow,
 * consent), and writes what an outside load tool needs to a file: the issuer, the portal's and the
 * catalogue provider's client credentials, and one refresh token per resident. Then it serves until
 * standard input closes or says {@code stop}, and removes its database.
 *
 * <p>Arguments: the output file and the number of refresh tokens (default 32).
 */
public final class SideBySideIdp {

  private SideBySideIdp() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Backends.requirePostgresAndRedis();
    long started = System.nanoTime();
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(TestIdentityProvider.Storage.POSTGRES_REDIS)) {
      System.out.printf(
          "ishikawa-id: started in %.1f s at %s%n",
          (System.nanoTime() - started) / 1e9, idp.issuer());
      IdpUnderLoad.raiseRateLimits(idp);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newVirtualThreadPerTaskExecutor())
              .build();
      TransactionClient cardClient = new TransactionClient(http, Duration.ofSeconds(30));
      List<CardContents> cards = new CardStock(idp.pki()).issue(count);
      OIDCProviderMetadata metadata = PortalClient.discover(idp.issuer());
      PortalClient portal = new PortalClient(metadata, http);
      List<String> lines = new ArrayList<>();
      lines.add("issuer=" + idp.issuer());
      lines.add("token_endpoint=" + metadata.getTokenEndpointURI());
      lines.add("jwks_uri=" + metadata.getJWKSetURI());
      lines.add("refresh_client=" + TestIdentityProvider.PORTAL);
      lines.add("refresh_secret=" + TestIdentityProvider.PORTAL_SECRET);
      lines.add("machine_client=" + TestIdentityProvider.CATALOGUE_PROVIDER);
      lines.add("machine_secret=" + TestIdentityProvider.CATALOGUE_PROVIDER_SECRET);
      lines.add("machine_scope=catalogue.publish");
      for (CardContents card : cards) {
        VirtualResident resident = new VirtualResident(card);
        resident.register(new VirtualBrowser(idp.issuer(), http), cardClient);
        VirtualBrowser browser = new VirtualBrowser(idp.issuer(), http);
        PortalClient.Attempt attempt = portal.authorize(IdpUnderLoad.SCOPE);
        URI redirect =
            VirtualBrowser.location(
                resident.logInForAuthorization(browser, cardClient, attempt.uri()));
        OIDCTokens tokens = portal.exchange(portal.code(redirect, attempt), attempt);
        lines.add("refresh_token=" + tokens.getRefreshToken().getValue());
      }
      Files.write(out, lines, StandardCharsets.UTF_8);
      System.out.println("READY " + out + " pid " + ProcessHandle.current().pid());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.trim().equals("stop")) {
          break;
        }
      }
    }
    System.exit(0);
  }
}
