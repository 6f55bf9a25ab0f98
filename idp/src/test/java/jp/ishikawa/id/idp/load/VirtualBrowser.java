package jp.ishikawa.id.idp.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
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

/**
 * One resident's browser session in the load harness: its own cookie jar over an HTTP client shared
 * with the other sessions. (The tests' {@code testing.Browser} builds one client per browser;
 * thousands of them would cost a selector thread and a connection pool each, and the harness would
 * measure itself.) Like that browser it follows no redirect by itself, and reads the page's CSRF
 * token as the login page's script does.
 */
final class VirtualBrowser {

  private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private String csrf;

  VirtualBrowser(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  HttpResponse<String> get(String pathOrUrl) {
    URI uri = resolve(pathOrUrl);
    return send(uri, HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
  }

  HttpResponse<String> getJson(String pathOrUrl) {
    URI uri = resolve(pathOrUrl);
    return send(uri, HttpRequest.newBuilder(uri).header("Accept", "application/json").GET());
  }

  /** GET, remembering the page's CSRF token. */
  HttpResponse<String> open(String pathOrUrl) {
    HttpResponse<String> response = get(pathOrUrl);
    Matcher meta = CSRF.matcher(response.body());
    if (meta.find()) {
      csrf = meta.group(1);
    } else {
      Matcher field = CSRF_FIELD.matcher(response.body());
      if (field.find()) {
        csrf = field.group(1);
      }
    }
    return response;
  }

  /** Follows redirects while they stay on the IdP; returns the last response. */
  HttpResponse<String> follow(HttpResponse<String> response) {
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

  /** POST a form with the page's CSRF token. */
  HttpResponse<String> postForm(String path, Map<String, List<String>> fields) {
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
    URI uri = resolve(path);
    return send(
        uri,
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** POST JSON with the CSRF header, as the login page's script does. */
  HttpResponse<String> postJson(String path, String json) {
    URI uri = resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (csrf != null) {
      request.header("X-CSRF-TOKEN", csrf);
    }
    return send(uri, request);
  }

  static boolean isRedirect(HttpResponse<String> response) {
    return response.statusCode() / 100 == 3;
  }

  static URI location(HttpResponse<String> response) {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new FlowFailure(
                        response.request().uri().getPath()
                            + ": expected a redirect, got "
                            + response.statusCode()));
    return response.request().uri().resolve(location);
  }

  private URI resolve(String pathOrUrl) {
    return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
  }

  private HttpResponse<String> send(URI uri, HttpRequest.Builder builder) {
    builder.timeout(TIMEOUT);
    try {
      List<String> cookie = cookies.get(uri, Map.of()).getOrDefault("Cookie", List.of());
      if (!cookie.isEmpty()) {
        builder.header("Cookie", String.join("; ", cookie));
      }
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      cookies.put(uri, response.headers().map());
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
