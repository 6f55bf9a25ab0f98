package jp.ishikawa.id.consentui.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jp.ishikawa.id.consentui.config.ConsentUiProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

/**
 * The management API client against a stand-in API on a real socket: the bearer token it sends, and
 * each refusal of docs/management-api.md turned into the failure the pages explain (one test per
 * refusal), with a reference code and never the problem's detail in the message.
 */
class ManagementApiClientTests {

  private HttpServer api;
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final AtomicReference<Answer> answer = new AtomicReference<>();
  private OAuth2AuthorizedClientManager clients = request -> authorized("the-access-token");

  private record Answer(int status, String contentType, String body, String challenge) {}

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/api/",
        exchange -> {
          authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          Answer next = answer.get();
          if (next.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", next.contentType());
          }
          if (next.challenge() != null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", next.challenge());
          }
          byte[] body = next.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(next.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    api.start();
    OAuth2AuthenticationToken caller =
        new OAuth2AuthenticationToken(
            new DefaultOAuth2User(
                AuthorityUtils.createAuthorityList("OIDC_USER"), Map.of("sub", "K7Q2"), "sub"),
            AuthorityUtils.createAuthorityList("OIDC_USER"),
            "ishikawa-id");
    SecurityContextHolder.getContext().setAuthentication(caller);
  }

  @AfterEach
  void stop() {
    api.stop(0);
    SecurityContextHolder.clearContext();
  }

  private ManagementApiClient client(URI base) {
    ConsentUiProperties properties = new ConsentUiProperties();
    properties.setManagementApi(base);
    return new ManagementApiClient(
        request -> clients.authorize(request), properties, new OAuth2ClientProperties());
  }

  private ManagementApiClient client() {
    return client(URI.create("http://127.0.0.1:" + api.getAddress().getPort()));
  }

  private static String problem(int status, String code) {
    return "{\"type\":\"urn:ishikawa-id:problem:"
        + code
        + "\",\"title\":\"t\",\"status\":"
        + status
        + ",\"detail\":\"secret detail\",\"code\":\""
        + code
        + "\"}";
  }

  private void refuse(int status, String code, String challenge) {
    answer.set(new Answer(status, "application/problem+json", problem(status, code), challenge));
  }

  private ManagementApiException failure(Runnable call) {
    try {
      call.run();
    } catch (ManagementApiException e) {
      assertThat(e.reference()).matches("CU-[0-9A-HJKMNP-TV-Z]{8}");
      assertThat(e.getMessage()).doesNotContain("secret detail").doesNotContain("the-access-token");
      return e;
    }
    throw new AssertionError("no ManagementApiException");
  }

  @Test
  void getWhenApiAnswersThenBearerTokenSentAndJsonRead() {
    answer.set(new Answer(200, "application/json", "{\"consents\":[{\"id\":\"c1\"}]}", null));

    Map<String, Object> consents = client().get("/api/me/consents");

    assertThat(authorization.get()).isEqualTo("Bearer the-access-token");
    assertThat(consents.get("consents")).isEqualTo(List.of(Map.of("id", "c1")));
  }

  @Test
  void postWhenNoContentThenEmptyMap() {
    answer.set(new Answer(204, null, "", null));

    assertThat(client().post("/api/me/deactivate")).isEmpty();
  }

  @Test
  void callWhenIdpDownThenIdpUnavailable() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ManagementApiClient down = client(URI.create("http://127.0.0.1:" + closed));

    ManagementApiException e = failure(() -> down.get("/api/me/consents"));

    assertThat(e.failure()).isEqualTo(ApiFailure.IDP_UNAVAILABLE);
    assertThat(e.status()).isZero();
  }

  @Test
  void callWhenServerErrorThenIdpUnavailable() {
    answer.set(new Answer(503, "text/html", "<h1>down</h1>", null));

    ManagementApiException e = failure(() -> client().get("/api/me/consents"));

    assertThat(e.failure()).isEqualTo(ApiFailure.IDP_UNAVAILABLE);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isNull();
  }

  @Test
  void callWhenInvalidTokenThenSignedOut() {
    refuse(
        401, "invalid_token", "Bearer realm=\"ishikawa-id-management\", error=\"invalid_token\"");

    ManagementApiException e = failure(() -> client().get("/api/me/consents"));

    assertThat(e.failure()).isEqualTo(ApiFailure.SIGNED_OUT);
    assertThat(e.code()).isEqualTo("invalid_token");
  }

  @Test
  void callWhenInsufficientUserAuthenticationThenFreshTapRequired() {
    refuse(
        401,
        "insufficient_user_authentication",
        "Bearer realm=\"ishikawa-id-management\", error=\"insufficient_user_authentication\","
            + " acr_values=\"urn:ishikawa-id:acr:jpki\", max_age=300");

    ManagementApiException e = failure(() -> client().post("/api/me/deactivate"));

    assertThat(e.failure()).isEqualTo(ApiFailure.FRESH_TAP_REQUIRED);
  }

  @Test
  void callWhenOnlyTheChallengeNamesTheStepUpThenFreshTapRequired() {
    answer.set(
        new Answer(
            401, null, "", "Bearer error=\"insufficient_user_authentication\", max_age=300"));

    assertThat(failure(() -> client().post("/api/me/deactivate")).failure())
        .isEqualTo(ApiFailure.FRESH_TAP_REQUIRED);
  }

  @Test
  void callWhenRoleMissingThenForbidden() {
    refuse(403, "insufficient_role", "Bearer error=\"insufficient_scope\"");

    ManagementApiException e = failure(() -> client().getList("/api/admin/clients"));

    assertThat(e.failure()).isEqualTo(ApiFailure.FORBIDDEN);
    assertThat(e.code()).isEqualTo("insufficient_role");
  }

  @Test
  void callWhenNotFoundThenNotFound() {
    refuse(404, "not_found", null);

    ManagementApiException e = failure(() -> client().get("/api/me/consents/{id}/receipt", "x"));

    assertThat(e.failure()).isEqualTo(ApiFailure.NOT_FOUND);
    assertThat(e.status()).isEqualTo(404);
  }

  @Test
  void callWhenConflictThenConflict() {
    refuse(409, "not_current", null);

    ManagementApiException e = failure(() -> client().post("/api/me/consents/{id}/withdraw", "c1"));

    assertThat(e.failure()).isEqualTo(ApiFailure.CONFLICT);
    assertThat(e.code()).isEqualTo("not_current");
  }

  @Test
  void callWhenBadRequestThenInvalidRequest() {
    refuse(400, "invalid_request", null);

    assertThat(failure(() -> client().get("/api/admin/audit")).failure())
        .isEqualTo(ApiFailure.INVALID_REQUEST);
  }

  @Test
  void callWhenNotSignedInThenSignedOutAndNothingSent() {
    SecurityContextHolder.clearContext();
    answer.set(new Answer(200, "application/json", "{}", null));

    assertThat(failure(() -> client().get("/api/me/consents")).failure())
        .isEqualTo(ApiFailure.SIGNED_OUT);
    assertThat(authorization.get()).isNull();
  }

  @Test
  void callWhenRefreshTokenRefusedThenSignedOut() {
    clients =
        request -> {
          throw new ClientAuthorizationException(new OAuth2Error("invalid_grant"), "ishikawa-id");
        };

    assertThat(failure(() -> client().get("/api/me/consents")).failure())
        .isEqualTo(ApiFailure.SIGNED_OUT);
    assertThat(authorization.get()).isNull();
  }

  @Test
  void classifyWhenUndocumentedStatusThenUnexpected() {
    assertThat(ManagementApiClient.classify(418, null, null)).isEqualTo(ApiFailure.UNEXPECTED);
  }

  @Test
  void constructWhenNoApiNorIssuerThenClearMessage() {
    assertThatThrownBy(
            () ->
                new ManagementApiClient(
                    clients, new ConsentUiProperties(), new OAuth2ClientProperties()))
        .hasMessageContaining("consent-ui.management-api");
  }

  private static OAuth2AuthorizedClient authorized(String token) {
    ClientRegistration registration =
        ClientRegistration.withRegistrationId("ishikawa-id")
            .clientId("consent-ui")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://localhost/login/oauth2/code/ishikawa-id")
            .authorizationUri("http://idp.test/oauth2/authorize")
            .tokenUri("http://idp.test/oauth2/token")
            .build();
    return new OAuth2AuthorizedClient(
        registration,
        "K7Q2",
        new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER,
            token,
            Instant.now(),
            Instant.now().plusSeconds(300)));
  }
}
