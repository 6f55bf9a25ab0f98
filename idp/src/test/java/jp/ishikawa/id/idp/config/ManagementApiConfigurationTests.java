package jp.ishikawa.id.idp.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.management.ManagementProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * A management client must have the public subject type: with a pairwise {@code sub} the API could
 * not tell whose data a token is for, so the IdP refuses to start.
 */
class ManagementApiConfigurationTests {

  private static InMemoryRegisteredClientRepository consentUi(String subjectType) {
    return new InMemoryRegisteredClientRepository(
        RegisteredClient.withId("id-1")
            .clientId("consent-ui")
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("https://consent-ui.example/callback")
            .scope("openid")
            .clientSettings(
                ClientSettings.builder()
                    .setting(ClientSettingNames.SUBJECT_TYPE, subjectType)
                    .build())
            .build());
  }

  @Test
  void requirePublicSubjectWhenManagementClientIsPairwiseThenRefused() {
    assertThatThrownBy(
            () ->
                ManagementApiConfiguration.requirePublicSubject(
                    new ManagementProperties(), consentUi("pairwise")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consent-ui must have subject-type public");
  }

  @Test
  void requirePublicSubjectWhenManagementClientIsPublicThenAccepted() {
    assertThatCode(
            () ->
                ManagementApiConfiguration.requirePublicSubject(
                    new ManagementProperties(), consentUi("public")))
        .doesNotThrowAnyException();
  }
}
