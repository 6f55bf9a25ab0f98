package jp.ishikawa.id.idp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resident's browser, as plain HTTP: a cookie jar, no automatic redirects (tests follow them
 * one by one and look at each), and the page's CSRF token read from its meta tag as the login
 * page's script does.
 */
public final class Browser {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  private String csrf;

  public Browser(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** The value of the cookie {@code name} this browser holds, or {@code null}. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  public HttpResponse<String> get(String pathOrUrl) {
    return send(
        HttpRequest.newBuilder(resolve(pathOrUrl)).header("Accept", "text/html").GET().build());
  }

  public HttpResponse<String> getJson(String pathOrUrl) {
    return send(
        HttpRequest.newBuilder(resolve(pathOrUrl))
            .header("Accept", "application/json")
            .GET()
            .build());
  }

  /** GET, remembering the CSRF token of the page. */
  public HttpResponse<String> open(String pathOrUrl) {
    HttpResponse<String> response = get(pathOrUrl);
    Matcher matcher = CSRF.matcher(response.body());
    if (matcher.find()) {
      csrf = matcher.group(1);
    } else {
      Matcher field = CSRF_FIELD.matcher(response.body());
      if (field.find()) {
        csrf = field.group(1);
      }
    }
    return response;
  }

  /** Follows redirects from {@code response} while they stay on the IdP; returns the last one. */
  public HttpResponse<String> follow(HttpResponse<String> response) {
    HttpResponse<String> current = response;
    for (int i = 0; i < 10 && isRedirect(current); i++) {
      URI next = location(current);
      if (!next.getAuthority().equals(base.getAuthority())) {
        return current;
      }
      current = open(next.toString());
    }
    return current;
  }

  public static boolean isRedirect(HttpResponse<String> response) {
    return response.statusCode() / 100 == 3;
  }

  public static URI location(HttpResponse<String> response) {
    return response
        .request()
        .uri()
        .resolve(response.headers().firstValue("Location").orElseThrow());
  }

  /** POST a form with the page's CSRF token. */
  public HttpResponse<String> postForm(String path, Map<String, List<String>> fields) {
    Map<String, List<String>> withCsrf = new LinkedHashMap<>(fields);
    if (csrf != null) {
      withCsrf.put("_csrf", List.of(csrf));
    }
    String body =
        withCsrf.entrySet().stream()
            .flatMap(
                e ->
                    e.getValue().stream()
                        .map(
                            v ->
                                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                    + "="
                                    + URLEncoder.encode(v, StandardCharsets.UTF_8)))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** POST JSON with the CSRF header, as the login page's script does. */
  public HttpResponse<String> postJson(String path, Map<String, Object> body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve(path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (csrf != null) {
      request.header("X-CSRF-TOKEN", csrf);
    }
    return send(request.build());
  }

  /** DELETE with the CSRF header, as a script on one of our pages would send it. */
  public HttpResponse<String> delete(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve(path)).header("Accept", "application/json").DELETE();
    if (csrf != null) {
      request.header("X-CSRF-TOKEN", csrf);
    }
    return send(request.build());
  }

  /** GET with {@code Accept: text/event-stream}: the response's lines as they arrive. */
  public HttpResponse<java.util.stream.Stream<String>> eventStream(String pathOrUrl) {
    try {
      return http.send(
          HttpRequest.newBuilder(resolve(pathOrUrl))
              .header("Accept", "text/event-stream")
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, Object> json(HttpResponse<String> response) {
    return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
  }

  private URI resolve(String pathOrUrl) {
    return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
