package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * A relying party built only from the Nimbus OAuth 2.0 / OpenID Connect SDK (not our code) and
 * configured only from discovery ({@code /.well-known/openid-configuration}, {@link
 * OIDCProviderMetadata#resolve}): authorization request with PKCE S256, nonce and state, code
 * exchange, and ID token validation by Nimbus's {@link IDTokenValidator} with the keys of the JWKS
 * the metadata names and the algorithms the metadata advertises ({@code
 * id_token_signing_alg_values_supported}), or the one algorithm the client registered.
 */
final class OidcRelyingParty {

  final OIDCProviderMetadata metadata;
  final ClientID clientId;
  final Secret secret;
  final URI redirectUri;

  /** The client's registered {@code id_token_signed_response_alg}; null when it registered none. */
  final JWSAlgorithm registeredIdTokenAlgorithm;

  /** One authorization request in flight. */
  static final class Attempt {
    final CodeVerifier verifier = new CodeVerifier();
    final Nonce nonce = new Nonce();
    final State state = new State();
    URI uri;
  }

  OidcRelyingParty(
      OIDCProviderMetadata metadata,
      String clientId,
      String secret,
      URI redirectUri,
      JWSAlgorithm registeredIdTokenAlgorithm) {
    this.metadata = metadata;
    this.clientId = new ClientID(clientId);
    this.secret = secret == null ? null : new Secret(secret);
    this.redirectUri = redirectUri;
    this.registeredIdTokenAlgorithm = registeredIdTokenAlgorithm;
  }

  /**
   * The test IdP's portal: a confidential client (secret, {@code client_secret_basic}) that
   * registered ES256 ID tokens.
   */
  static OidcRelyingParty portal(OIDCProviderMetadata metadata) {
    return new OidcRelyingParty(
        metadata,
        TestIdentityProvider.PORTAL,
        TestIdentityProvider.PORTAL_SECRET,
        TestIdentityProvider.PORTAL_REDIRECT,
        JWSAlgorithm.ES256);
  }

  /** A client that registered no ID token algorithm: it accepts what discovery advertises. */
  OidcRelyingParty(OIDCProviderMetadata metadata, String clientId, String secret, URI redirectUri) {
    this(metadata, clientId, secret, redirectUri, null);
  }

  /** Everything the relying party knows about the IdP: its discovery document. */
  static OIDCProviderMetadata discover(URI issuer) throws Exception {
    return OIDCProviderMetadata.resolve(new Issuer(issuer.toString()));
  }

  Attempt authorize(String scope) {
    return authorize(scope, builder -> {});
  }

  Attempt authorize(String scope, Consumer<AuthenticationRequest.Builder> customise) {
    Attempt attempt = new Attempt();
    AuthenticationRequest.Builder builder =
        new AuthenticationRequest.Builder(
                ResponseType.CODE, Scope.parse(scope), clientId, redirectUri)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(attempt.state)
            .nonce(attempt.nonce)
            .codeChallenge(attempt.verifier, CodeChallengeMethod.S256);
    customise.accept(builder);
    attempt.uri = builder.build().toURI();
    return attempt;
  }

  /** The code from the redirect to the client, after checking {@code state}. */
  AuthorizationCode code(URI redirect, Attempt attempt) throws Exception {
    AuthenticationResponse response = AuthenticationResponseParser.parse(redirect);
    assertThat(response.indicatesSuccess()).as(redirect.toString()).isTrue();
    AuthenticationSuccessResponse success = response.toSuccessResponse();
    assertThat(success.getState()).isEqualTo(attempt.state);
    return success.getAuthorizationCode();
  }

  ClientAuthentication clientAuthentication() {
    return secret == null ? null : new ClientSecretBasic(clientId, secret);
  }

  TokenResponse token(AuthorizationGrant grant) throws Exception {
    TokenRequest request =
        secret == null
            ? new TokenRequest.Builder(metadata.getTokenEndpointURI(), clientId, grant).build()
            : new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(), clientAuthentication(), grant)
                .build();
    return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
  }

  TokenResponse exchange(AuthorizationCode code, CodeVerifier verifier) throws Exception {
    return token(new AuthorizationCodeGrant(code, redirectUri, verifier));
  }

  /**
   * Validates an ID token as Nimbus does for any RP: signature by a key of the published JWKS, with
   * an algorithm the client accepts (the registered one, which discovery must advertise, or any
   * that discovery advertises), issuer, audience, expiry and nonce.
   */
  IDTokenClaimsSet validate(JWT idToken, Nonce nonce) throws Exception {
    List<JWSAlgorithm> advertised =
        metadata.getIDTokenJWSAlgs() == null ? List.of() : metadata.getIDTokenJWSAlgs();
    Set<JWSAlgorithm> accepted =
        registeredIdTokenAlgorithm != null
            ? Set.of(registeredIdTokenAlgorithm)
            : Set.copyOf(advertised);
    assertThat(advertised)
        .as("discovery's id_token_signing_alg_values_supported")
        .containsAll(accepted);
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).retrying(false).build();
    IDTokenValidator validator =
        new IDTokenValidator(
            metadata.getIssuer(), clientId, new JWSVerificationKeySelector<>(accepted, keys), null);
    return validator.validate(idToken, nonce);
  }
}
