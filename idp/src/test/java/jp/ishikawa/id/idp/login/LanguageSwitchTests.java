package jp.ishikawa.id.idp.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;

/**
 * Switching language keeps the page: its query (a login error, the consent request) survives; the
 * choice among Japanese, やさしい日本語 and English is remembered; a language nobody knows (a typo, an
 * attack) is Japanese, never an error page (issue 7 item 10).
 */
class LanguageSwitchTests {

  private final TestIdentityProvider idp =
      SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);

  @Test
  void languageLinkWhenPageHasQueryThenKeepsItAndSetsLang() {
    HttpResponse<String> page = new Browser(idp.issuer()).get("/login?error=wrong_code");

    assertThat(page.body())
        .contains("href=\"/login?error=wrong_code&amp;lang=en\"")
        .contains("href=\"/login?error=wrong_code&amp;lang=easy\"");
  }

  @Test
  void languageLinkWhenEnglishThenPointsBackToJapanese() {
    HttpResponse<String> page = new Browser(idp.issuer()).get("/login?lang=en");

    assertThat(page.body()).contains("<html lang=\"en\">").contains("href=\"/login?lang=ja\"");
  }

  @Test
  void languageWhenEasyJapaneseChosenThenEasyWordsHtmlLangJaAndRemembered() {
    Browser browser = new Browser(idp.issuer());

    HttpResponse<String> chosen = browser.get("/login?lang=easy");
    HttpResponse<String> next = browser.get("/login");

    assertThat(chosen.headers().allValues("Set-Cookie"))
        .anyMatch(cookie -> cookie.startsWith("ishikawa-id-lang=easy;"));
    for (HttpResponse<String> page : java.util.List.of(chosen, next)) {
      assertThat(page.body())
          .contains("<html lang=\"ja\">")
          .contains("マイナンバーカードで ログイン")
          .contains("はじめから やりなおす")
          .contains("href=\"/login?lang=ja\"")
          .contains("href=\"/login?lang=en\"");
    }
  }

  @Test
  void languageWhenUnknownValueThenJapanesePageAndNothingRemembered() {
    HttpResponse<String> page =
        new Browser(idp.issuer()).get("/login?lang=%3Cscript%3Ealert(1)%3C/script%3E");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<html lang=\"ja\">")
        .contains("マイナンバーカードでログイン")
        .doesNotContain("<script>alert");
    assertThat(page.headers().allValues("Set-Cookie"))
        .noneMatch(cookie -> cookie.startsWith("ishikawa-id-lang="));
  }

  @Test
  void languageWhenCookieNamesNoLanguageThenJapanese() throws IOException, InterruptedException {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(idp.issuer() + "/login"))
                    .header("Accept", "text/html")
                    .header("Cookie", "ishikawa-id-lang=xx-\u00e9vil")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"ja\">").contains("マイナンバーカードでログイン");
  }
}
