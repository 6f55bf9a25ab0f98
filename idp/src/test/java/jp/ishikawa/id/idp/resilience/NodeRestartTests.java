package jp.ishikawa.id.idp.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.PortalLogin;
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
    return PortalLogin.tokens(idp, resident).getRefreshToken();
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
