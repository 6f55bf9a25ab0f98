package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.Test;

/**
 * Introspection answers only the token's own client, or a client configured as a resource server
 * for the token's audience (issue 7, item 5: the points client read the portal's token).
 */
abstract class IntrospectionContract {

  protected abstract TestIdentityProvider.Storage storage();

  private static final ClientSecretBasic POINTS =
      new ClientSecretBasic(
          new ClientID(TestIdentityProvider.POINTS),
          new Secret(TestIdentityProvider.POINTS_SECRET));

  private static OIDCTokens portalTokens(TestIdentityProvider idp) throws Exception {
    return PortalLogin.tokens(
        idp,
        new TestResident(
            idp.issuer(),
            TestCards.issue(idp.pki(), TestFacts.defaults().withName("照会　" + System.nanoTime()))));
  }

  private static TokenIntrospectionSuccessResponse introspect(
      TestIdentityProvider idp, ClientSecretBasic client, Token token) throws Exception {
    OIDCProviderMetadata metadata = OidcRelyingParty.discover(idp.issuer());
    TokenIntrospectionResponse response =
        TokenIntrospectionResponse.parse(
            new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), client, token)
                .toHTTPRequest()
                .send());
    return response.toSuccessResponse();
  }

  @Test
  void introspectWhenTheTokensOwnClientAsksThenActive() throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(storage());
    OIDCTokens tokens = portalTokens(idp);

    TokenIntrospectionSuccessResponse answer =
        introspect(idp, PortalLogin.portalAuthentication(), tokens.getAccessToken());

    assertThat(answer.isActive()).isTrue();
    assertThat(answer.getClientID().getValue()).isEqualTo(TestIdentityProvider.PORTAL);
  }

  @Test
  void introspectWhenAnotherClientAsksAboutAnAccessTokenThenInactiveAndNothingElse()
      throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(storage());
    OIDCTokens tokens = portalTokens(idp);

    TokenIntrospectionSuccessResponse answer = introspect(idp, POINTS, tokens.getAccessToken());

    assertThat(answer.isActive()).isFalse();
    assertThat(answer.toJSONObject()).containsOnlyKeys("active");
  }

  @Test
  void introspectWhenAnotherClientAsksAboutARefreshTokenThenInactive() throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(storage());
    OIDCTokens tokens = portalTokens(idp);

    assertThat(introspect(idp, POINTS, tokens.getRefreshToken()).isActive()).isFalse();
  }

  @Test
  void introspectWhenResourceServerConfiguredForTheAudienceAsksThenActive() throws Exception {
    try (TestIdentityProvider idp =
        TestIdentityProvider.start(
            storage(),
            Map.of(
                "ishikawa-id.clients[2].introspection-audiences[0]",
                TestIdentityProvider.PORTAL))) {
      OIDCTokens tokens = portalTokens(idp);

      TokenIntrospectionSuccessResponse answer = introspect(idp, POINTS, tokens.getAccessToken());

      assertThat(answer.isActive()).isTrue();
      assertThat(answer.getClientID().getValue()).isEqualTo(TestIdentityProvider.PORTAL);
    }
  }
}
