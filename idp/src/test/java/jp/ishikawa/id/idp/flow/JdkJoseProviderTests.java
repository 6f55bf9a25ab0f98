package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.util.Map;
import jp.ishikawa.id.idp.crypto.JoseProvider;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ishikawa-id.jose-provider=jdk}, the path of every platform where the native provider does
 * not load: the whole code flow, with the ID token checked by Nimbus from discovery alone,
 * userinfo, and a token signed by another key refused. The other flow tests run with the native
 * provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkJoseProviderTests {

  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;
  private OIDCTokens tokens;

  @BeforeAll
  void signIn() throws Exception {
    idp =
        TestIdentityProvider.start(
            TestIdentityProvider.Storage.EMBEDDED, Map.of("ishikawa-id.jose-provider", "jdk"));
    metadata = OidcRelyingParty.discover(idp.issuer());
    OidcRelyingParty portal = OidcRelyingParty.portal(metadata);
    // The relying party checks the ID token from discovery's JWKS.
    tokens = OidcEndToEndContractSupport.newResidentSignsIn(idp, portal, "情報　");
  }

  @AfterAll
  void stop() {
    if (idp != null) {
      idp.close();
    }
  }

  private UserInfoResponse userInfo(BearerAccessToken token) throws Exception {
    return UserInfoResponse.parse(
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), token).toHTTPRequest().send());
  }

  @Test
  void providerWhenSetToJdkThenTheJdks() {
    assertThat(idp.bean(JoseProvider.class).isNative()).isFalse();
  }

  @Test
  void userInfoWhenTokenFromTheFlowThenClaims() throws Exception {
    UserInfoResponse response = userInfo(tokens.getBearerAccessToken());

    assertThat(response.indicatesSuccess()).isTrue();
    assertThat(response.toSuccessResponse().getUserInfo().getName()).startsWith("情報");
  }

  @Test
  void userInfoWhenSignedByAnotherKeyUnderOurKidThenInvalidToken() throws Exception {
    SignedJWT ours = SignedJWT.parse(tokens.getAccessToken().getValue());
    SignedJWT forged = new SignedJWT(ours.getHeader(), ours.getJWTClaimsSet());
    forged.sign(
        new ECDSASigner(
            new ECKeyGenerator(Curve.P_256).keyID(ours.getHeader().getKeyID()).generate()));

    UserInfoResponse response = userInfo(new BearerAccessToken(forged.serialize()));

    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_token");
  }
}
