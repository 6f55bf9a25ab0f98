package jp.ishikawa.id.idp.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * {@link CardRequirement}: one test per rule that demands the card, and the requests that don't.
 */
class CardRequirementTests {

  private static RegisteredClient client(boolean requireCard) {
    return RegisteredClient.withId("id")
        .clientId("svc")
        .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("https://svc.example/cb")
        .scope("openid")
        .clientSettings(
            ClientSettings.builder().setting(ClientSettingNames.REQUIRE_CARD, requireCard).build())
        .build();
  }

  private static boolean demands(Map<String, String> parameters, boolean requireCard) {
    return CardRequirement.demandsCard(parameters::get, client(requireCard));
  }

  @Test
  void demandsCardWhenPlainRequestThenNo() {
    assertThat(demands(Map.of(), false)).isFalse();
  }

  @Test
  void demandsCardWhenClientRequiresCardThenYes() {
    assertThat(demands(Map.of(), true)).isTrue();
  }

  @Test
  void demandsCardWhenMaxAgeThenYes() {
    assertThat(demands(Map.of("max_age", "3600"), false)).isTrue();
  }

  @Test
  void demandsCardWhenAcrValuesNameTheCardThenYes() {
    assertThat(demands(Map.of("acr_values", AuthenticationContextClass.JPKI), false)).isTrue();
  }

  @Test
  void demandsCardWhenAcrValuesAlsoNamePasskeyThenNo() {
    assertThat(
            demands(
                Map.of(
                    "acr_values",
                    AuthenticationContextClass.PASSKEY + " " + AuthenticationContextClass.JPKI),
                false))
        .isFalse();
  }

  @Test
  void demandsCardWhenEssentialCardAcrThenYes() {
    String claims =
        "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\""
            + AuthenticationContextClass.JPKI
            + "\"]}}}";
    assertThat(demands(Map.of("claims", claims), false)).isTrue();
  }

  @Test
  void demandsCardWhenEssentialAcrAllowsPasskeyThenNo() {
    String claims =
        "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":\""
            + AuthenticationContextClass.PASSKEY
            + "\"}}}";
    assertThat(demands(Map.of("claims", claims), false)).isFalse();
  }

  @Test
  void demandsCardWhenClaimsMalformedThenNoHereTheValidatorRefusesIt() {
    assertThat(demands(Map.of("claims", "not json"), false)).isFalse();
  }
}
