package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;

/**
 * A resident's side of an authorization request: open it, log in with the card (registering when
 * new), approve the consent screen, and hand back where the IdP redirects to.
 */
final class ResidentAuthorization {

  private ResidentAuthorization() {}

  static TestResident newResident(TestIdentityProvider idp) {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("試験　" + System.nanoTime())));
  }

  /** Runs {@code authorizationRequest} through login and consent up to the redirect. */
  static URI authorize(TestResident resident, URI authorizationRequest, URI redirectUri) {
    Browser browser = resident.browser();
    HttpResponse<String> response = browser.get(authorizationRequest.toString());
    if (Browser.isRedirect(response) && Browser.location(response).getPath().equals("/login")) {
      browser.open("/login");
      response = resident.logInFromLoginPage();
    }
    response = browser.follow(response);
    if (response.statusCode() == 200
        && response.request().uri().getPath().equals("/oauth2/consent")) {
      Map<String, List<String>> query = query(response.request().uri());
      List<String> scopes =
          List.of(query.get("scope").getFirst().split(" ")).stream()
              .filter(s -> !s.equals("openid"))
              .toList();
      response =
          browser.postForm(
              "/oauth2/authorize",
              Map.of(
                  "client_id", query.get("client_id"),
                  "state", query.get("state"),
                  "scope", scopes));
    }
    assertThat(Browser.isRedirect(response))
        .as(response.statusCode() + " " + response.body())
        .isTrue();
    URI location = Browser.location(response);
    assertThat(location.toString()).startsWith(redirectUri.toString());
    return location;
  }

  static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return values;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      values
          .computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }
}
