package jp.ishikawa.id.idp.load;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;

/**
 * The open-data provider as a machine client ({@code client_credentials} with {@code
 * client_secret_basic}, scope {@code catalogue.publish}), built from the Nimbus SDK like {@link
 * PortalClient}: one token request per operation, its answer parsed and checked for an access
 * token.
 */
final class MachineClient {

  static final String SCOPE = "catalogue.publish";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final OIDCProviderMetadata metadata;
  private final HttpClient http;
  private final ClientSecretBasic authentication;

  private MachineClient(
      OIDCProviderMetadata metadata, HttpClient http, ClientSecretBasic authentication) {
    this.metadata = metadata;
    this.http = http;
    this.authentication = authentication;
  }

  /**
   * The test IdP's machine client, or empty when the test IdP of the commit being measured has none
   * (the harness also drives older commits, see {@code idp/load/compare-commits.sh}).
   */
  static Optional<MachineClient> of(OIDCProviderMetadata metadata, HttpClient http) {
    try {
      String id = (String) TestIdentityProvider.class.getField("CATALOGUE_PROVIDER").get(null);
      String secret =
          (String) TestIdentityProvider.class.getField("CATALOGUE_PROVIDER_SECRET").get(null);
      return Optional.of(
          new MachineClient(
              metadata, http, new ClientSecretBasic(new ClientID(id), new Secret(secret))));
    } catch (NoSuchFieldException e) {
      return Optional.empty();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One client-credentials grant; fails unless it answers 200 with an access token. */
  void token() {
    HTTPRequest request =
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(), authentication, new ClientCredentialsGrant())
            .scope(new Scope(SCOPE))
            .build()
            .toHTTPRequest();
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(request.getURI())
                  .header("Authorization", request.getAuthorization())
                  .header("Content-Type", request.getEntityContentType().toString())
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(request.getBody()))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    HTTPResponse nimbus = new HTTPResponse(response.statusCode());
    nimbus.setEntityContentType(ContentType.APPLICATION_JSON);
    nimbus.setBody(response.body());
    TokenResponse parsed;
    try {
      parsed = TokenResponse.parse(nimbus);
    } catch (ParseException e) {
      throw new FlowFailure(
          "client credentials: unparsable response, status " + response.statusCode());
    }
    if (!parsed.indicatesSuccess()) {
      throw new FlowFailure(
          "client credentials: "
              + response.statusCode()
              + " "
              + parsed.toErrorResponse().getErrorObject().getCode());
    }
    AccessTokenResponse success = parsed.toSuccessResponse();
    if (success.getTokens().getAccessToken() == null
        || success.getTokens().getRefreshToken() != null) {
      throw new FlowFailure("client credentials: no access token, or a refresh token besides");
    }
  }
}
