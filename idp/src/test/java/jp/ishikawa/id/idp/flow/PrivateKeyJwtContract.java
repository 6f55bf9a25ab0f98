package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code private_key_jwt} (RFC 7523, OIDC Core §9) for the e-application client, whose public key
 * is registered inline. A token request with an unknown code tells the two outcomes apart: {@code
 * invalid_grant} means the client was authenticated (and then the code refused), {@code
 * invalid_client} means the assertion was. Runs on both storages: assertion {@code jti}s are
 * remembered in the shared replay cache. (The full flow with a real code is in {@link
 * PushedAuthorizationTests}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PrivateKeyJwtContract {

  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    metadata = OidcRelyingParty.discover(idp.issuer());
  }

  private ClientAssertions assertion() {
    return new ClientAssertions(
        TestIdentityProvider.E_APPLICATION,
        TestIdentityProvider.E_APPLICATION_KEY,
        metadata.getTokenEndpointURI().toString());
  }

  private String tokenError(PrivateKeyJWT authentication) throws Exception {
    TokenResponse response =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    authentication,
                    new AuthorizationCodeGrant(
                        new AuthorizationCode("no-such-code"),
                        TestIdentityProvider.E_APPLICATION_REDIRECT,
                        new CodeVerifier()))
                .build()
                .toHTTPRequest()
                .send());
    assertThat(response.indicatesSuccess()).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  @Test
  void tokenWhenAssertionValidForTokenEndpointThenClientAuthenticated() throws Exception {
    assertThat(tokenError(assertion().sign())).isEqualTo("invalid_grant");
  }

  @Test
  void tokenWhenAssertionAudienceIsTheIssuerThenClientAuthenticated() throws Exception {
    assertThat(tokenError(assertion().audience(metadata.getIssuer().getValue()).sign()))
        .isEqualTo("invalid_grant");
  }

  @Test
  void tokenWhenAssertionAudienceIsAnotherServerThenInvalidClient() throws Exception {
    assertThat(tokenError(assertion().audience("https://other-idp.example/token").sign()))
        .isEqualTo("invalid_client");
  }

  @Test
  void tokenWhenAssertionExpiredThenInvalidClient() throws Exception {
    assertThat(tokenError(assertion().expiresAt(Instant.now().minus(Duration.ofMinutes(5))).sign()))
        .isEqualTo("invalid_client");
  }

  @Test
  void tokenWhenAssertionLivesTooLongThenInvalidClient() throws Exception {
    assertThat(tokenError(assertion().expiresAt(Instant.now().plus(Duration.ofHours(2))).sign()))
        .isEqualTo("invalid_client");
  }

  @Test
  void tokenWhenAssertionReplayedThenInvalidClient() throws Exception {
    PrivateKeyJWT once = assertion().jti(UUID.randomUUID().toString()).sign();
    assertThat(tokenError(once)).isEqualTo("invalid_grant");

    assertThat(tokenError(once)).isEqualTo("invalid_client");
  }

  @Test
  void tokenWhenAssertionSignedByAnotherKeyThenInvalidClient() throws Exception {
    ECKey stranger =
        new ECKeyGenerator(Curve.P_256)
            .keyID(TestIdentityProvider.E_APPLICATION_KEY.getKeyID())
            .generate();
    PrivateKeyJWT forged =
        new ClientAssertions(
                TestIdentityProvider.E_APPLICATION,
                stranger,
                metadata.getTokenEndpointURI().toString())
            .sign();

    assertThat(tokenError(forged)).isEqualTo("invalid_client");
  }
}
