package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import jp.ishikawa.id.idp.replay.ReplayCache;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DPoP (RFC 9449) for the points phone app, a public client registered with {@code require-dpop}:
 * the Nimbus SDK's DPoP proof factory as the app, configured from discovery. Runs on both storages,
 * because proof {@code jti}s are remembered in the shared replay cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DpopContract {

  protected TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;
  private ECKey appKey;
  private DPoPProofFactory proofs;
  private final ClientID clientId = new ClientID(TestIdentityProvider.POINTS_APP);

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    metadata = OidcRelyingParty.discover(idp.issuer());
    appKey = new ECKeyGenerator(Curve.P_256).generate();
    proofs = new DefaultDPoPProofFactory(appKey, JWSAlgorithm.ES256);
  }

  private record Code(AuthorizationCode code, CodeVerifier verifier) {}

  private Code logIn() {
    CodeVerifier verifier = new CodeVerifier();
    URI request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "ishikawa_residency"),
                clientId,
                TestIdentityProvider.POINTS_APP_REDIRECT)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    URI redirect =
        ResidentAuthorization.authorize(
            ResidentAuthorization.newResident(idp),
            request,
            TestIdentityProvider.POINTS_APP_REDIRECT);
    try {
      return new Code(
          AuthorizationResponse.parse(redirect).toSuccessResponse().getAuthorizationCode(),
          verifier);
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private HTTPRequest tokenRequest(Code code) {
    return new TokenRequest.Builder(
            metadata.getTokenEndpointURI(),
            clientId,
            new AuthorizationCodeGrant(
                code.code(), TestIdentityProvider.POINTS_APP_REDIRECT, code.verifier()))
        .build()
        .toHTTPRequest();
  }

  private static TokenResponse send(HTTPRequest request) throws Exception {
    return OIDCTokenResponseParser.parse(request.send());
  }

  private static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  private DPoPAccessToken dpopTokens(Code code) throws Exception {
    HTTPRequest request = tokenRequest(code);
    request.setDPoP(proofs.createDPoPJWT("POST", metadata.getTokenEndpointURI()));
    TokenResponse response = send(request);
    assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
    return response.toSuccessResponse().getTokens().getDPoPAccessToken();
  }

  private OIDCTokenResponse dpopTokenResponse(Code code) throws Exception {
    HTTPRequest request = tokenRequest(code);
    request.setDPoP(proofs.createDPoPJWT("POST", metadata.getTokenEndpointURI()));
    TokenResponse response = send(request);
    assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
    return (OIDCTokenResponse) response;
  }

  private HTTPRequest refreshRequest(RefreshToken refreshToken) {
    return new TokenRequest.Builder(
            metadata.getTokenEndpointURI(), clientId, new RefreshTokenGrant(refreshToken))
        .build()
        .toHTTPRequest();
  }

  private HTTPResponse userInfo(DPoPAccessToken token, SignedJWT proof) throws Exception {
    HTTPRequest request =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), token).toHTTPRequest();
    request.setDPoP(proof);
    return request.send();
  }

  @Test
  void tokenWhenDpopProofThenDpopBoundAccessTokenThatUserinfoAccepts() throws Exception {
    assertThat(metadata.getDPoPJWSAlgs()).contains(JWSAlgorithm.ES256);
    DPoPAccessToken token = dpopTokens(logIn());

    assertThat(token.getType()).isEqualTo(AccessTokenType.DPOP);
    @SuppressWarnings("unchecked")
    Map<String, Object> cnf =
        (Map<String, Object>) SignedJWT.parse(token.getValue()).getJWTClaimsSet().getClaim("cnf");
    assertThat(cnf).containsEntry("jkt", appKey.computeThumbprint().toString());
    HTTPResponse info =
        userInfo(token, proofs.createDPoPJWT("GET", metadata.getUserInfoEndpointURI(), token));
    assertThat(info.getStatusCode()).as(info.getBody()).isEqualTo(200);
    assertThat(UserInfoResponse.parse(info).indicatesSuccess()).isTrue();
  }

  @Test
  void refreshWhenPublicClientProvesTheSameKeyThenNewDpopBoundTokens() throws Exception {
    RefreshToken refreshToken = dpopTokenResponse(logIn()).getTokens().getRefreshToken();
    assertThat(refreshToken).as("a public DPoP client gets a bound refresh token").isNotNull();
    HTTPRequest refresh = refreshRequest(refreshToken);
    refresh.setDPoP(proofs.createDPoPJWT("POST", metadata.getTokenEndpointURI()));

    TokenResponse response = send(refresh);

    assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
    assertThat(response.toSuccessResponse().getTokens().getDPoPAccessToken()).isNotNull();
    assertThat(response.toSuccessResponse().getTokens().getRefreshToken())
        .isNotNull()
        .isNotEqualTo(refreshToken);
  }

  @Test
  void refreshWhenProofByAnotherKeyThenInvalidDpopProof() throws Exception {
    RefreshToken refreshToken = dpopTokenResponse(logIn()).getTokens().getRefreshToken();
    DPoPProofFactory thief =
        new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
    HTTPRequest refresh = refreshRequest(refreshToken);
    refresh.setDPoP(thief.createDPoPJWT("POST", metadata.getTokenEndpointURI()));

    assertThat(error(send(refresh))).isEqualTo("invalid_dpop_proof");
  }

  @Test
  void refreshWhenPublicClientSendsNoProofThenClientUnauthenticated() throws Exception {
    RefreshToken refreshToken = dpopTokenResponse(logIn()).getTokens().getRefreshToken();

    // Without its proof the public client has no way to authenticate: 401 (RFC 6749 §5.2).
    assertThat(refreshRequest(refreshToken).send().getStatusCode()).isEqualTo(401);
  }

  @Test
  void tokenWhenClientRequiresDpopAndNoProofThenInvalidDpopProofAndCodeStillUnused()
      throws Exception {
    Code code = logIn();

    assertThat(error(send(tokenRequest(code)))).isEqualTo("invalid_dpop_proof");
    // Nothing was written: the same code still works with a proof.
    assertThat(dpopTokens(code).getValue()).isNotBlank();
  }

  @Test
  void tokenWhenProofHtmWrongThenInvalidDpopProof() throws Exception {
    HTTPRequest request = tokenRequest(logIn());
    request.setDPoP(proofs.createDPoPJWT("GET", metadata.getTokenEndpointURI()));

    assertThat(error(send(request))).isEqualTo("invalid_dpop_proof");
  }

  @Test
  void tokenWhenProofHtuWrongThenInvalidDpopProof() throws Exception {
    HTTPRequest request = tokenRequest(logIn());
    request.setDPoP(proofs.createDPoPJWT("POST", metadata.getUserInfoEndpointURI()));

    assertThat(error(send(request))).isEqualTo("invalid_dpop_proof");
  }

  @Test
  void tokenWhenProofReplayedThenInvalidDpopProofOnEveryNode() throws Exception {
    SignedJWT proof = proofs.createDPoPJWT("POST", metadata.getTokenEndpointURI());
    // First use: a request Spring refuses before it looks at the proof (an unknown code), so only
    // the shared replay cache has seen this proof's jti.
    HTTPRequest first =
        tokenRequest(new Code(new AuthorizationCode("no-such-code"), new CodeVerifier()));
    first.setDPoP(proof);
    assertThat(error(send(first))).isEqualTo("invalid_grant");

    HTTPRequest replay = tokenRequest(logIn());
    replay.setDPoP(proof);

    assertThat(error(send(replay))).isEqualTo("invalid_dpop_proof");
    assertThat(
            idp.bean(ReplayCache.class)
                .firstUse(
                    ReplayCache.Kind.DPOP_PROOF,
                    appKey.computeThumbprint() + " " + proof.getJWTClaimsSet().getJWTID(),
                    Instant.now().plusSeconds(60)))
        .as("the proof's jti is in the store every node reads")
        .isFalse();
  }

  @Test
  void userinfoWhenProofAthIsForAnotherTokenThenInvalidDpopProof() throws Exception {
    DPoPAccessToken token = dpopTokens(logIn());

    HTTPResponse info =
        userInfo(
            token,
            proofs.createDPoPJWT(
                "GET", metadata.getUserInfoEndpointURI(), new DPoPAccessToken("another-token")));

    assertThat(info.getStatusCode()).isEqualTo(401);
    assertThat(info.getHeaderValue("WWW-Authenticate")).contains("invalid_dpop_proof");
  }

  @Test
  void userinfoWhenDpopBoundTokenSentAsBearerThenRefused() throws Exception {
    DPoPAccessToken token = dpopTokens(logIn());

    HTTPResponse info =
        new UserInfoRequest(
                metadata.getUserInfoEndpointURI(), new BearerAccessToken(token.getValue()))
            .toHTTPRequest()
            .send();

    assertThat(info.getStatusCode()).isEqualTo(401);
  }
}
