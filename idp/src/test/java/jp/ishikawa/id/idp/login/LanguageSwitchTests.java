package jp.ishikawa.id.idp.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;

/** Switching language keeps the page: its query (a login error, the consent request) survives. */
class LanguageSwitchTests {

  @Test
  void languageLinkWhenPageHasQueryThenKeepsItAndSetsLang() {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);

    HttpResponse<String> page = new Browser(idp.issuer()).get("/login?error=wrong_code");

    assertThat(page.body()).contains("href=\"/login?error=wrong_code&amp;lang=en\"");
  }

  @Test
  void languageLinkWhenEnglishThenPointsBackToJapanese() {
    TestIdentityProvider idp = SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);

    HttpResponse<String> page = new Browser(idp.issuer()).get("/login?lang=en");

    assertThat(page.body()).contains("<html lang=\"en\">").contains("href=\"/login?lang=ja\"");
  }
}
