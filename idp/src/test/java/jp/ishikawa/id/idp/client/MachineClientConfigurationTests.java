package jp.ishikawa.id.idp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The client-model keys of issue 8 at start-up: machine clients ({@code client_credentials}),
 * {@code private_key_jwt}, PAR, DPoP and back-channel logout; one test per refusal.
 */
class MachineClientConfigurationTests {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final String JWKS =
      "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\","
          + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
          + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

  private static final RegisteredClientRepository NONE =
      new RegisteredClientRepository() {
        @Override
        public void save(RegisteredClient registeredClient) {}

        @Override
        public RegisteredClient findById(String id) {
          return null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
          return null;
        }
      };

  private static IshikawaIdProperties.Client machine() {
    IshikawaIdProperties.Client client = new IshikawaIdProperties.Client();
    client.setClientId("opendata-provider");
    client.setClientSecret(SECRET);
    client.setGrantTypes(List.of("client_credentials"));
    client.setScopes(List.of("catalogue.publish"));
    return client;
  }

  private static IshikawaIdProperties.Client service() {
    IshikawaIdProperties.Client client = new IshikawaIdProperties.Client();
    client.setClientId("e-application");
    client.setRedirectUris(List.of("https://e-application.example/callback"));
    client.setScopes(List.of("openid"));
    return client;
  }

  private static RegisteredClient convert(IshikawaIdProperties.Client client) {
    return ConfiguredClients.toRegisteredClient(client, NONE, new Sha256SecretEncoder());
  }

  @Test
  void machineClientWhenApiScopesThenClientCredentialsOnlyWithoutConsentOrPkce() {
    RegisteredClient registered = convert(machine());

    assertThat(registered.getAuthorizationGrantTypes())
        .containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
    assertThat(registered.getScopes()).containsExactly("catalogue.publish");
    assertThat(registered.getClientSettings().isRequireAuthorizationConsent()).isFalse();
  }

  @Test
  void machineClientWhenResidentScopeThenRefused() {
    IshikawaIdProperties.Client client = machine();
    client.setScopes(List.of("catalogue.publish", "openid"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("only API scopes");
  }

  @Test
  void machineClientWhenRedirectUriThenRefused() {
    IshikawaIdProperties.Client client = machine();
    client.setRedirectUris(List.of("https://provider.example/callback"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("no redirect-uris");
  }

  @Test
  void machineClientWhenAlsoCodeGrantThenRefused() {
    IshikawaIdProperties.Client client = machine();
    client.setGrantTypes(List.of("client_credentials", "authorization_code"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("no other grant");
  }

  @Test
  void machineClientWhenNoAuthenticationThenRefused() {
    IshikawaIdProperties.Client client = machine();
    client.setClientSecret(null);

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("must authenticate");
  }

  @Test
  void grantTypesWhenTokenExchangeThenRefused() {
    IshikawaIdProperties.Client client = service();
    client.setGrantTypes(List.of("urn:ietf:params:oauth:grant-type:token-exchange"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("grant-types");
  }

  @Test
  void privateKeyJwtWhenInlineJwksThenMethodAndKeysRegistered() {
    IshikawaIdProperties.Client client = service();
    client.setTokenEndpointAuthMethod("private_key_jwt");
    client.setJwks(JWKS);

    RegisteredClient registered = convert(client);

    assertThat(registered.getClientAuthenticationMethods())
        .containsExactly(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
    assertThat(registered.getClientSecret()).isNull();
    assertThat((String) registered.getClientSettings().getSetting(ClientSettingNames.JWKS))
        .contains("\"kid\":\"k1\"");
    assertThat(registered.getAuthorizationGrantTypes())
        .contains(AuthorizationGrantType.REFRESH_TOKEN);
  }

  @Test
  void privateKeyJwtWhenNoKeysThenRefused() {
    IshikawaIdProperties.Client client = service();
    client.setTokenEndpointAuthMethod("private_key_jwt");

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("needs jwks or jwks-uri");
  }

  @Test
  void privateKeyJwtWhenJwksHoldsAPrivateKeyThenRefused() {
    IshikawaIdProperties.Client client = service();
    client.setTokenEndpointAuthMethod("private_key_jwt");
    client.setJwks(
        JWKS.replace(
            "\"kid\":\"k1\",",
            "\"kid\":\"k1\",\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\","));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("public keys only");
  }

  @Test
  void privateKeyJwtWhenJwksUriIsPlainHttpToAnotherHostThenRefused() {
    IshikawaIdProperties.Client client = service();
    client.setTokenEndpointAuthMethod("private_key_jwt");
    client.setJwksUri(URI.create("http://keys.example/jwks.json"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("https");
  }

  @Test
  void requirePushedAuthorizationRequestsWhenPublicClientThenRefused() {
    IshikawaIdProperties.Client client = service();
    client.setRequirePushedAuthorizationRequests(true);

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("confidential");
  }

  @Test
  void backchannelLogoutUriWhenFragmentThenRefused() {
    IshikawaIdProperties.Client client = service();
    client.setClientSecret(SECRET);
    client.setBackchannelLogoutUri(URI.create("https://e-application.example/logout#x"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("fragment");
  }

  @Test
  void requireDpopWhenSetThenStoredWithTheClient() {
    IshikawaIdProperties.Client client = service();
    client.setRequireDpop(true);

    assertThat(
            (Boolean)
                convert(client).getClientSettings().getSetting(ClientSettingNames.REQUIRE_DPOP))
        .isTrue();
  }
}
