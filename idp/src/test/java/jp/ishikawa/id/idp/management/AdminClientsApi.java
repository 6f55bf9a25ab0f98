package jp.ishikawa.id.idp.management;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin clients endpoints as consent-ui calls them: bearer token, JSON bodies. */
final class AdminClientsApi {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI issuer;

  AdminClientsApi(URI issuer) {
    this.issuer = issuer;
  }

  HttpResponse<String> call(
      String method, String path, String token, String contentType, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(issuer.resolve(path))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> json(String method, String path, String token, String body)
      throws Exception {
    return call(method, path, token, "application/json", body);
  }

  static JsonNode read(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }
}
