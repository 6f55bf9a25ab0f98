package jp.ishikawa.id.idp.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;

/**
 * The error page gives the resident a reference code to read to the help desk and says where to
 * call, in the resident's language, and never shows a stack trace.
 */
class ErrorReferencesTests {

  private static final Pattern REFERENCE =
      Pattern.compile("class=\"reference-code\">([2-9A-Z]{4}-[2-9A-Z]{4})<");

  private final TestIdentityProvider idp =
      SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);

  @Test
  void errorPageWhenShownThenReferenceCodeAndWhereToCall() {
    HttpResponse<String> page = new Browser(idp.issuer()).get("/login/no-such-page");

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body())
        .contains("お探しの画面は見つかりませんでした。")
        .contains("お問い合わせ番号")
        .contains("お住まいの市町の窓口")
        .contains("href=\"/login/no-such-page?lang=en\"")
        .doesNotContain("Exception");
    assertThat(REFERENCE.matcher(page.body()).find()).isTrue();
  }

  @Test
  void errorPageWhenShownTwiceThenEachHasItsOwnReference() {
    Browser browser = new Browser(idp.issuer());

    String first = reference(browser.get("/login/no-such-page?lang=en").body());
    String second = reference(browser.get("/login/no-such-page").body());

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void errorPageWhenEasyJapaneseThenEasyWords() {
    HttpResponse<String> page = new Browser(idp.issuer()).get("/login/no-such-page?lang=easy");

    assertThat(page.body()).contains("問い合わせの 番号").contains("その ページは ありません。");
  }

  private static String reference(String body) {
    Matcher matcher = REFERENCE.matcher(body);
    assertThat(matcher.find()).as("a reference code on the page").isTrue();
    return matcher.group(1);
  }
}
