package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.util.Map;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.token.HashedTokenAuthorizationService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Machine clients: a data provider of the open-data catalogue gets an access token for API scopes
 * with {@code client_credentials}, carrying no resident and no resident data; it cannot ask for a
 * resident scope, and a service of the code flow cannot use the grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCredentialsTests {

  private OIDCProviderMetadata metadata;
  private final ClientSecretBasic provider =
      new ClientSecretBasic(
          new ClientID(TestIdentityProvider.CATALOGUE_PROVIDER),
          new Secret(TestIdentityProvider.CATALOGUE_PROVIDER_SECRET));

  private TestIdentityProvider idp;

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
    metadata = OidcRelyingParty.discover(idp.issuer());
  }

  private TokenResponse token(ClientSecretBasic client, Scope scope) throws Exception {
    return TokenResponse.parse(
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(), client, new ClientCredentialsGrant())
            .scope(scope)
            .build()
            .toHTTPRequest()
            .send());
  }

  @Test
  void clientCredentialsWhenApiScopeThenAccessTokenWithoutResidentData() throws Exception {
    TokenResponse response = token(provider, new Scope("catalogue.publish"));

    assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
    AccessTokenResponse tokens = response.toSuccessResponse();
    assertThat(tokens.getTokens().getRefreshToken()).isNull();
    assertThat(tokens.getCustomParameters()).doesNotContainKey("id_token");
    JWTClaimsSet claims =
        SignedJWT.parse(tokens.getTokens().getAccessToken().getValue()).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(TestIdentityProvider.CATALOGUE_PROVIDER);
    assertThat(claims.getStringListClaim("scope")).containsExactly("catalogue.publish");
    assertThat(claims.getClaims())
        .doesNotContainKeys("acr", "amr", "name", "address", "birthdate", "ishikawa_resident");
  }

  /**
   * The stored authorization of a {@code client_credentials} token holds neither the secret the
   * client presented nor its token, nor the client's stored secret hash: only which client it was.
   */
  @Test
  void clientCredentialsWhenTokenIssuedThenStoredAuthorizationHoldsNoSecret() throws Exception {
    TokenResponse response = token(provider, new Scope("catalogue.publish"));
    String accessToken = response.toSuccessResponse().getTokens().getAccessToken().getValue();

    Map<String, Object> row =
        idp.bean(JdbcClient.class)
            .sql("SELECT * FROM oauth2_authorization WHERE access_token_value = ?")
            .param(HashedTokenAuthorizationService.hash(accessToken))
            .query()
            .singleRow();

    for (Object column : row.values()) {
      assertThat(String.valueOf(column))
          .doesNotContain(TestIdentityProvider.CATALOGUE_PROVIDER_SECRET)
          .doesNotContain(accessToken)
          .doesNotContain("{sha256}")
          .doesNotContain("clientSecret");
    }
    assertThat((String) row.get("attributes")).startsWith("{\"@format\":\"ishikawa-id/1\"");
  }

  @Test
  void clientCredentialsWhenResidentScopeRequestedThenInvalidScope() throws Exception {
    TokenResponse response = token(provider, new Scope("openid", "profile"));

    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("invalid_scope");
  }

  @Test
  void clientCredentialsWhenCodeFlowClientThenUnauthorizedClient() throws Exception {
    TokenResponse response = token(PortalLogin.portalAuthentication(), new Scope("openid"));

    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("unauthorized_client");
  }
}
