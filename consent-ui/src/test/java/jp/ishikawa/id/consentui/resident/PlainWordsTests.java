package jp.ishikawa.id.consentui.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import jp.ishikawa.id.consentui.web.ResidentLanguage;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** What a service received, as sentences: every known item in the three languages, in order. */
class PlainWordsTests {

  private static final Locale JA = ResidentLanguage.JAPANESE.locale();
  private static final Locale EASY = ResidentLanguage.EASY_JAPANESE.locale();
  private static final Locale EN = ResidentLanguage.ENGLISH.locale();

  private final PlainWords words = new PlainWords(messages());

  static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasenames("i18n/messages", "i18n/staff");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    return messages;
  }

  @Test
  void receivedWhenScopesThenPlainJapaneseInAFixedOrderIdentifierLast() {
    assertThat(
            words.received(
                List.of(
                    "openid", "ishikawa_residency", "gender", "birthdate", "address", "profile"),
                JA))
        .containsExactly(
            "氏名",
            "住所",
            "生年月日",
            "性別",
            "石川県にお住まいかどうか・お住まいの市町・18歳以上かどうか",
            "あなたであることを示す番号（氏名などは含みません）");
  }

  @Test
  void receivedWhenEnglishOrEasyJapaneseThenTheirSentences() {
    assertThat(words.received(List.of("profile", "address"), EN))
        .containsExactly("Your name", "Your address");
    assertThat(words.received(List.of("birthdate", "gender"), EASY))
        .containsExactly("生まれた 日", "性別（男か 女か）");
  }

  @Test
  void receivedWhenClaimNamesThenTheSameSentencesOnce() {
    assertThat(words.received(List.of("family_name", "given_name", "name", "sub"), JA))
        .containsExactly("氏名", "あなたであることを示す番号（氏名などは含みません）");
  }

  @Test
  void receivedWhenUnknownItemThenShownAsOtherInformationNeverDropped() {
    assertThat(words.received(List.of("profile", "tax_records", "tax_records"), JA))
        .containsExactly("氏名", "そのほかの情報（tax_records）");
    assertThat(words.received(List.of("tax_records"), EN))
        .containsExactly("Other information (tax_records)");
  }

  @Test
  void signInOnlyWhenOnlyTheIdentifierThenTrue() {
    assertThat(PlainWords.signInOnly(List.of("openid"))).isTrue();
    assertThat(PlainWords.signInOnly(List.of("openid", "profile"))).isFalse();
  }

  /** Every language has its own sentence for every item and every key of the Japanese bundle. */
  @Test
  void bundlesWhenComparedThenEnglishAndEasyJapaneseHaveEveryKey() throws Exception {
    Properties ja =
        PropertiesLoaderUtils.loadProperties(new ClassPathResource("i18n/messages.properties"));
    for (String bundle :
        List.of("i18n/messages_en.properties", "i18n/messages_ja__easy.properties")) {
      Properties other = PropertiesLoaderUtils.loadProperties(new ClassPathResource(bundle));
      for (String key : ja.stringPropertyNames()) {
        assertThat(other.getProperty(key)).as(bundle + " " + key).isNotBlank();
      }
    }
    for (String key : PlainWords.ORDER) {
      assertThat(ja.getProperty(key)).as(key).isNotBlank();
    }
  }
}
