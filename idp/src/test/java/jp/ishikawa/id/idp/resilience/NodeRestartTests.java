package jp.ishikawa.id.idp.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * A node goes away in the middle of a login (ARCHITECTURE.md: any node serves any step; losing
 * Redis loses in-flight logins, never an issued token or a consent).
 */
class NodeRestartTests {

  /** Logs in at the portal with a new resident and returns the refresh token it received. */
  private static RefreshToken refreshTokenAfterLogin(
      TestIdentityProvider idp, TestResident resident) throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    URI authorize =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "profile"),
                new ClientID(TestIdentityProvider.PORTAL),
                TestIdentityProvider.PORTAL_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    Browser browser = resident.browser();
    browser.get(authorize.toString());
    browser.open("/login");
    HttpResponse<String> consent = browser.follow(resident.logInFromLoginPage());
    Map<String, List<String>> query = query(consent.request().uri());
    HttpResponse<String> approved =
        browser.postForm(
            "/oauth2/authorize",
            Map.of(
                "client_id",
                query.get("client_id"),
                "state",
                query.get("state"),
                "scope",
                List.of("profile")));
    AuthorizationCode code =
        AuthenticationResponseParser.parse(Browser.location(approved))
            .toSuccessResponse()
            .getAuthorizationCode();
    TokenResponse tokens =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    new ClientSecretBasic(
                        new ClientID(TestIdentityProvider.PORTAL),
                        new Secret(TestIdentityProvider.PORTAL_SECRET)),
                    new AuthorizationCodeGrant(
                        code, TestIdentityProvider.PORTAL_REDIRECT, verifier))
                .build()
                .toHTTPRequest()
                .send());
    return ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getRefreshToken();
  }

  private static boolean refreshWorks(TestIdentityProvider idp, RefreshToken token)
      throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new Issuer(idp.issuer().toString()));
    return OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    new ClientSecretBasic(
                        new ClientID(TestIdentityProvider.PORTAL),
                        new Secret(TestIdentityProvider.PORTAL_SECRET)),
                    new RefreshTokenGrant(token))
                .build()
                .toHTTPRequest()
                .send())
        .indicatesSuccess();
  }

  private static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> values = new java.util.LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      values
          .computeIfAbsent(
              java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
              k -> new java.util.ArrayList<>())
          .add(java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return values;
  }

  @Test
  void loginWhenNodeRestartsMidTransactionOnRedisThenLoginCompletesOnTheNewNode() throws Exception {
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(TestIdentityProvider.Storage.POSTGRES_REDIS)) {
      TestResident earlier =
          new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
      RefreshToken issued = refreshTokenAfterLogin(idp, earlier);
      TestResident resident =
          new TestResident(
              idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults().withName("再起動　花子")));
      resident.browser().open("/login");
      TestResident.CardTransaction transaction = resident.createTransaction("login");

      idp.restart();

      TransactionOutcome outcome = resident.tap(transaction, Purpose.LOGIN);
      assertThat(outcome.success()).as(outcome.toString()).isTrue();
      assertThat(Browser.location(resident.complete(transaction)).getPath()).isEqualTo("/register");
      assertThat(earlier.browser().get("/account").statusCode()).isEqualTo(200);
      assertThat(refreshWorks(idp, issued)).isTrue();
    }
  }

  @Test
  void loginWhenEmbeddedNodeRestartsMidTransactionThenOnlyThatAttemptIsLost() throws Exception {
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(TestIdentityProvider.Storage.EMBEDDED)) {
      TestResident earlier =
          new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
      RefreshToken issued = refreshTokenAfterLogin(idp, earlier);
      TestResident resident =
          new TestResident(idp.issuer(), TestCards.issue(idp.pki(), TestFacts.defaults()));
      resident.browser().open("/login");
      TestResident.CardTransaction transaction = resident.createTransaction("login");

      idp.restart();

      TransactionOutcome outcome = resident.tap(transaction, Purpose.LOGIN);
      assertThat(((TransactionOutcome.Failed) outcome).code()).isEqualTo("not_found");
      // The issued token is durable; a new attempt works.
      assertThat(refreshWorks(idp, issued)).isTrue();
      resident.browser().open("/login");
      assertThat(resident.tap(resident.createTransaction("login"), Purpose.LOGIN).success())
          .isTrue();
    }
  }
}
