package jp.ishikawa.id.consentui.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.ishikawa.id.consentui.config.ConsentUiProperties;
import jp.ishikawa.id.consentui.signin.IdpClientRegistrations;
import jp.ishikawa.id.consentui.signin.IdpUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse;

/**
 * The IdP's management API ({@code /api/**}, docs/management-api.md), called with the signed-in
 * person's access token (the {@code OAuth2AuthorizedClient} of this session, refreshed when it has
 * expired). consent-ui reads and changes nothing any other way.
 *
 * <p>Every answer that is not a success becomes a {@link ManagementApiException} with an {@link
 * ApiFailure}, the status, the problem {@code code} and a fresh reference code; the log line names
 * the method, the path template (not the ids), the status, the code and the reference, never the
 * token or the body. An unreachable IdP (connection refused, timeout, 5xx) is {@link
 * ApiFailure#IDP_UNAVAILABLE}.
 */
@Component
public class ManagementApiClient {

  private static final Logger log = LoggerFactory.getLogger(ManagementApiClient.class);

  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> ARRAY =
      new ParameterizedTypeReference<>() {};

  private final RestClient rest;
  private final OAuth2AuthorizedClientManager clients;

  public ManagementApiClient(
      OAuth2AuthorizedClientManager clients,
      ConsentUiProperties properties,
      OAuth2ClientProperties oauth2) {
    this.clients = clients;
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    requests.setReadTimeout(Duration.ofSeconds(15));
    this.rest =
        RestClient.builder().baseUrl(baseUrl(properties, oauth2)).requestFactory(requests).build();
  }

  /** The API's origin: {@code consent-ui.management-api}, else the issuer. */
  static String baseUrl(ConsentUiProperties properties, OAuth2ClientProperties oauth2) {
    URI configured = properties.getManagementApi();
    if (configured != null) {
      return configured.toString();
    }
    OAuth2ClientProperties.Provider provider =
        oauth2.getProvider().get(IdpClientRegistrations.REGISTRATION_ID);
    if (provider == null || provider.getIssuerUri() == null) {
      throw new IllegalStateException(
          "set consent-ui.management-api or"
              + " spring.security.oauth2.client.provider.ishikawa-id.issuer-uri");
    }
    return provider.getIssuerUri();
  }

  /** {@code GET} a JSON object. */
  public Map<String, Object> get(String path, Object... variables) {
    return call(HttpMethod.GET, path, null, variables, response -> body(response, OBJECT));
  }

  /** {@code GET} a JSON array. */
  public List<Map<String, Object>> getList(String path, Object... variables) {
    return call(HttpMethod.GET, path, null, variables, response -> body(response, ARRAY));
  }

  /** {@code GET} the body as the API sent it (a receipt to download as it is). */
  public String getText(String path, Object... variables) {
    return call(HttpMethod.GET, path, null, variables, response -> response.bodyTo(String.class));
  }

  /**
   * {@code POST}, {@code PATCH} or {@code PUT} with an optional JSON body; the answer's JSON
   * object, or an empty map for {@code 204 No Content}.
   */
  public Map<String, Object> send(
      HttpMethod method, String path, @Nullable Object body, Object... variables) {
    return call(method, path, body, variables, response -> body(response, OBJECT));
  }

  /** {@code POST} without a body. */
  public Map<String, Object> post(String path, Object... variables) {
    return send(HttpMethod.POST, path, null, variables);
  }

  /** {@code POST}, {@code PATCH} or {@code PUT} answered with a JSON array. */
  public List<Map<String, Object>> sendForList(
      HttpMethod method, String path, @Nullable Object body, Object... variables) {
    return call(method, path, body, variables, response -> body(response, ARRAY));
  }

  private interface Reader<T> {
    T read(ConvertibleClientHttpResponse response) throws IOException;
  }

  private <T> T call(
      HttpMethod method, String path, @Nullable Object body, Object[] variables, Reader<T> reader) {
    String token = accessToken(method, path);
    try {
      RestClient.RequestBodySpec request =
          rest.method(method)
              .uri(path, variables)
              .headers(headers -> headers.setBearerAuth(token))
              .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
      if (body != null) {
        request.contentType(MediaType.APPLICATION_JSON).body(body);
      }
      return request.exchange(
          (sent, response) -> {
            if (response.getStatusCode().is2xxSuccessful()) {
              return reader.read(response);
            }
            throw failure(method, path, response);
          });
    } catch (ResourceAccessException e) {
      throw unavailable(method, path, e);
    }
  }

  private static <T> T body(
      ConvertibleClientHttpResponse response, ParameterizedTypeReference<T> type)
      throws IOException {
    if (response.getStatusCode().value() == 204) {
      @SuppressWarnings("unchecked")
      T empty = (T) (type == ARRAY ? List.of() : Map.of());
      return empty;
    }
    T value = response.bodyTo(type);
    if (value == null) {
      throw new IOException("the management API answered an empty body");
    }
    return value;
  }

  private String accessToken(HttpMethod method, String path) {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (!(caller instanceof OAuth2AuthenticationToken)) {
      throw signedOut(method, path, "no sign-in in this session", null);
    }
    OAuth2AuthorizedClient client;
    try {
      client =
          clients.authorize(
              OAuth2AuthorizeRequest.withClientRegistrationId(
                      IdpClientRegistrations.REGISTRATION_ID)
                  .principal(caller)
                  .build());
    } catch (ClientAuthorizationException e) {
      // The refresh token was refused (a withdrawal, a deactivation, the IdP's session ended).
      throw signedOut(method, path, "the IdP refused to refresh the access token", e);
    } catch (IdpUnavailableException | ResourceAccessException e) {
      throw unavailable(method, path, e);
    }
    if (client == null) {
      throw signedOut(method, path, "no access token in this session", null);
    }
    return client.getAccessToken().getTokenValue();
  }

  private ManagementApiException failure(
      HttpMethod method, String path, ConvertibleClientHttpResponse response) throws IOException {
    int status = response.getStatusCode().value();
    String code = problemCode(response);
    String challenge = response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
    ApiFailure failure = classify(status, code, challenge);
    String reference = ReferenceCode.next();
    log.warn(
        "management API {} {} answered {} {} ({}), reference {}",
        method,
        path,
        status,
        code == null ? "-" : code,
        failure,
        reference);
    return new ManagementApiException(
        failure,
        status,
        code,
        reference,
        method + " " + path + " answered " + status + (code == null ? "" : " " + code),
        null);
  }

  /** What a refusal means for the page (docs/management-api.md, "Refusals"; RFC 9470 §3). */
  static ApiFailure classify(int status, @Nullable String code, @Nullable String challenge) {
    if (status == 401) {
      boolean stepUp =
          "insufficient_user_authentication".equals(code)
              || (challenge != null
                  && challenge
                      .toLowerCase(Locale.ROOT)
                      .contains("error=\"insufficient_user_authentication\""));
      return stepUp ? ApiFailure.FRESH_TAP_REQUIRED : ApiFailure.SIGNED_OUT;
    }
    return switch (status) {
      case 400 -> ApiFailure.INVALID_REQUEST;
      case 403 -> ApiFailure.FORBIDDEN;
      case 404 -> ApiFailure.NOT_FOUND;
      case 409 -> ApiFailure.CONFLICT;
      default -> status >= 500 ? ApiFailure.IDP_UNAVAILABLE : ApiFailure.UNEXPECTED;
    };
  }

  /** The problem's {@code code} member (RFC 9457 extension), when the body is one. */
  private static @Nullable String problemCode(ConvertibleClientHttpResponse response) {
    MediaType type = response.getHeaders().getContentType();
    if (type == null
        || !(MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)
            || MediaType.APPLICATION_JSON.isCompatibleWith(type))) {
      return null;
    }
    try {
      Map<String, Object> problem = response.bodyTo(OBJECT);
      return problem != null && problem.get("code") instanceof String code ? code : null;
    } catch (RuntimeException e) {
      // Not a problem document after all: the status alone decides.
      return null;
    }
  }

  private ManagementApiException unavailable(HttpMethod method, String path, Exception cause) {
    String reference = ReferenceCode.next();
    log.warn(
        "management API {} {} unreachable ({}), reference {}",
        method,
        path,
        cause.getClass().getSimpleName(),
        reference);
    return new ManagementApiException(
        ApiFailure.IDP_UNAVAILABLE,
        0,
        null,
        reference,
        method + " " + path + ": the IdP did not answer",
        cause);
  }

  private ManagementApiException signedOut(
      HttpMethod method, String path, String why, @Nullable Exception cause) {
    String reference = ReferenceCode.next();
    log.info("management API {} {}: {}, reference {}", method, path, why, reference);
    return new ManagementApiException(
        ApiFailure.SIGNED_OUT, 401, null, reference, method + " " + path + ": " + why, cause);
  }
}
