package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

/** Token and userinfo steps shared by the protocol test classes, as Nimbus does them. */
final class OidcEndToEndContractSupport {

  private OidcEndToEndContractSupport() {}

  static OIDCTokens tokens(TokenResponse response) {
    assertThat(response.indicatesSuccess())
        .as(() -> response.toErrorResponse().getErrorObject().toString())
        .isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  static UserInfo userInfo(OIDCProviderMetadata metadata, BearerAccessToken token)
      throws Exception {
    HTTPResponse http =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), token).toHTTPRequest().send();
    UserInfoResponse response = UserInfoResponse.parse(http);
    assertThat(response.indicatesSuccess()).as(http.getBody()).isTrue();
    return response.toSuccessResponse().getUserInfo();
  }
}
