package jp.ishikawa.id.idp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

class ConfiguredClientsTests {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  private static IshikawaIdProperties.Client client() {
    IshikawaIdProperties.Client client = new IshikawaIdProperties.Client();
    client.setClientId("portal");
    client.setClientSecret(SECRET);
    client.setRedirectUris(List.of("https://portal.example/callback"));
    client.setScopes(List.of("openid", "profile"));
    return client;
  }

  /** A repository that knows no client yet. */
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

  private static RegisteredClient convert(IshikawaIdProperties.Client client) {
    return ConfiguredClients.toRegisteredClient(client, NONE, new Sha256SecretEncoder());
  }

  @Test
  void toRegisteredClientWhenConfidentialThenHashedSecretPkceConsentAndRotatingRefresh() {
    RegisteredClient registered = convert(client());

    assertThat(registered.getClientSecret()).startsWith("{sha256}").doesNotContain(SECRET);
    assertThat(registered.getClientAuthenticationMethods())
        .contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    assertThat(registered.getClientSettings().isRequireProofKey()).isTrue();
    assertThat(registered.getClientSettings().isRequireAuthorizationConsent()).isTrue();
    assertThat(registered.getTokenSettings().isReuseRefreshTokens()).isFalse();
    assertThat(registered.getTokenSettings().getIdTokenSignatureAlgorithm())
        .isEqualTo(SignatureAlgorithm.ES256);
  }

  @Test
  void toRegisteredClientWhenNoSecretThenPublicClient() {
    IshikawaIdProperties.Client client = client();
    client.setClientSecret(null);

    assertThat(convert(client).getClientAuthenticationMethods())
        .containsExactly(ClientAuthenticationMethod.NONE);
  }

  @Test
  void toRegisteredClientWhenRs256ThenIdTokensRs256() {
    IshikawaIdProperties.Client client = client();
    client.setIdTokenSigningAlg("RS256");

    assertThat(convert(client).getTokenSettings().getIdTokenSignatureAlgorithm())
        .isEqualTo(SignatureAlgorithm.RS256);
  }

  @Test
  void toRegisteredClientWhenSameClientAgainThenSameInternalId() {
    RegisteredClient first = convert(client());
    RegisteredClient again =
        ConfiguredClients.toRegisteredClient(
            client(), new InMemoryRegisteredClientRepository(first), new Sha256SecretEncoder());

    assertThat(again.getId()).isEqualTo(first.getId());
  }

  @Test
  void toRegisteredClientWhenShortSecretThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setClientSecret("short");
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("at least 32");
  }

  @Test
  void toRegisteredClientWhenNoOpenidThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setScopes(List.of("profile"));
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("openid");
  }

  @Test
  void toRegisteredClientWhenUnknownScopeThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setScopes(List.of("openid", "my_number"));
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("unknown scope my_number");
  }

  @Test
  void toRegisteredClientWhenBadSubjectTypeThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setSubjectType("global");
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("subject-type");
  }

  @Test
  void toRegisteredClientWhenBadAlgorithmThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setIdTokenSigningAlg("HS256");
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("ES256 or RS256");
  }

  @Test
  void toRegisteredClientWhenNoRedirectUriThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setRedirectUris(List.of());
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("redirect-uris");
  }

  @Test
  void toRegisteredClientWhenPairwiseAcrossHostsWithoutSectorThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setSubjectType("pairwise");
    client.setRedirectUris(List.of("https://a.example/cb", "https://b.example/cb"));
    assertThatThrownBy(() -> convert(client)).hasMessageContaining("sector-identifier");
  }

  @Test
  void toRegisteredClientWhenPairwiseThenSectorIsRedirectHost() {
    IshikawaIdProperties.Client client = client();
    client.setSubjectType("pairwise");

    RegisteredClient registered = convert(client);

    assertThat(
            (String)
                registered.getClientSettings().getSetting(ClientSettingNames.SECTOR_IDENTIFIER))
        .isEqualTo("portal.example");
  }

  @Test
  void toRegisteredClientWhenConfidentialByDefaultThenOneMethodBasicAndRefresh() {
    RegisteredClient registered = convert(client());

    assertThat(registered.getClientAuthenticationMethods())
        .containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    assertThat(registered.getAuthorizationGrantTypes())
        .containsExactlyInAnyOrder(
            AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
  }

  @Test
  void toRegisteredClientWhenClientSecretPostThenThatMethodOnly() {
    IshikawaIdProperties.Client client = client();
    client.setTokenEndpointAuthMethod("client_secret_post");

    assertThat(convert(client).getClientAuthenticationMethods())
        .containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_POST);
  }

  @Test
  void toRegisteredClientWhenUnknownAuthMethodThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setTokenEndpointAuthMethod("client_secret_jwt");

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("token-endpoint-auth-method");
  }

  @Test
  void toRegisteredClientWhenSecretMethodWithoutSecretThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setClientSecret(null);
    client.setTokenEndpointAuthMethod("client_secret_basic");

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("needs a client-secret");
  }

  @Test
  void toRegisteredClientWhenMethodNoneWithSecretThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setTokenEndpointAuthMethod("none");

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("takes no client-secret");
  }

  @Test
  void toRegisteredClientWhenGrantTypesCodeOnlyThenNoRefreshToken() {
    IshikawaIdProperties.Client client = client();
    client.setGrantTypes(List.of("authorization_code"));

    assertThat(convert(client).getAuthorizationGrantTypes())
        .containsExactly(AuthorizationGrantType.AUTHORIZATION_CODE);
  }

  @Test
  void toRegisteredClientWhenUnknownGrantTypeThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setGrantTypes(List.of("authorization_code", "password"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("grant-types");
  }

  @Test
  void toRegisteredClientWhenPublicClientWithRefreshTokenThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setClientSecret(null);
    client.setGrantTypes(List.of("authorization_code", "refresh_token"));

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("refresh_token");
  }

  @Test
  void toRegisteredClientWhenRequirePkceFalseOnConfidentialThenNotRequired() {
    IshikawaIdProperties.Client client = client();
    client.setRequirePkce(false);

    assertThat(convert(client).getClientSettings().isRequireProofKey()).isFalse();
  }

  @Test
  void toRegisteredClientWhenRequirePkceFalseOnPublicThenRefused() {
    IshikawaIdProperties.Client client = client();
    client.setClientSecret(null);
    client.setRequirePkce(false);

    assertThatThrownBy(() -> convert(client)).hasMessageContaining("require-pkce");
  }
}
