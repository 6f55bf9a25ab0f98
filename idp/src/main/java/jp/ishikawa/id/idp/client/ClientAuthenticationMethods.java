package jp.ishikawa.id.idp.client;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * How a configured client authenticates at the token endpoint ({@code
 * ishikawa-id.clients[i].token-endpoint-auth-method}): with its secret ({@code
 * client_secret_basic}, the default with a secret, or {@code client_secret_post}: one method per
 * client, as its registration metadata has one {@code token_endpoint_auth_method}), with a JWT
 * signed by one of its keys ({@code private_key_jwt}, RFC 7523, keys from {@code jwks} or {@code
 * jwks-uri}), or not at all ({@code none}: a public client, PKCE only). Every combination that
 * could not work is refused at start-up.
 */
final class ClientAuthenticationMethods {

  private ClientAuthenticationMethods() {}

  /**
   * Sets the client's authentication methods, secret and key settings.
   *
   * @return whether the client is confidential (authenticates itself)
   */
  static boolean configure(
      IshikawaIdProperties.Client client,
      RegisteredClient.Builder builder,
      ClientSettings.Builder settings,
      Sha256SecretEncoder encoder) {
    String clientId = client.getClientId();
    boolean hasSecret = client.getClientSecret() != null && !client.getClientSecret().isBlank();
    String method =
        client.getTokenEndpointAuthMethod() != null
            ? client.getTokenEndpointAuthMethod().trim().toLowerCase(Locale.ROOT)
            : hasSecret ? "client_secret_basic" : "none";
    boolean machine =
        client.getGrantTypes().stream()
            .anyMatch(g -> AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(g.trim()));
    keys(client, settings);
    switch (method) {
      case "client_secret_basic", "client_secret_post" -> {
        secret(client, builder, encoder);
        builder.clientAuthenticationMethod(
            method.equals("client_secret_post")
                ? ClientAuthenticationMethod.CLIENT_SECRET_POST
                : ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        return true;
      }
      case "private_key_jwt" -> {
        if (hasSecret) {
          throw new IllegalStateException(
              "client " + clientId + ": private_key_jwt clients have no client-secret");
        }
        if (client.getJwks() == null && client.getJwksUri() == null) {
          throw new IllegalStateException(
              "client " + clientId + ": private_key_jwt needs jwks or jwks-uri");
        }
        builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        settings.tokenEndpointAuthenticationSigningAlgorithm(
            switch (client.getTokenEndpointAuthSigningAlg().toUpperCase(Locale.ROOT)) {
              case "ES256" -> SignatureAlgorithm.ES256;
              case "RS256" -> SignatureAlgorithm.RS256;
              default ->
                  throw new IllegalStateException(
                      "client " + clientId + ": token-endpoint-auth-signing-alg is ES256 or RS256");
            });
        return true;
      }
      case "none" -> {
        if (hasSecret) {
          throw new IllegalStateException(
              "client " + clientId + ": token-endpoint-auth-method none takes no client-secret");
        }
        if (machine) {
          throw new IllegalStateException(
              "client " + clientId + ": a client_credentials client must authenticate");
        }
        builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        return false;
      }
      default ->
          throw new IllegalStateException(
              "client "
                  + clientId
                  + ": token-endpoint-auth-method is client_secret_basic, client_secret_post,"
                  + " private_key_jwt or none");
    }
  }

  private static void secret(
      IshikawaIdProperties.Client client,
      RegisteredClient.Builder builder,
      Sha256SecretEncoder encoder) {
    String secret = client.getClientSecret();
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException(
          "client "
              + client.getClientId()
              + ": "
              + client.getTokenEndpointAuthMethod()
              + " needs a client-secret");
    }
    if (secret.length() < Sha256SecretEncoder.MINIMUM_SECRET_LENGTH) {
      throw new IllegalStateException(
          "client "
              + client.getClientId()
              + ": client-secret must be at least "
              + Sha256SecretEncoder.MINIMUM_SECRET_LENGTH
              + " random characters");
    }
    builder.clientSecret("{sha256}" + encoder.encode(secret));
  }

  /** The client's JWK set: public keys only, inline or by URL (https, or http on loopback). */
  private static void keys(IshikawaIdProperties.Client client, ClientSettings.Builder settings) {
    String clientId = client.getClientId();
    if (client.getJwks() != null && client.getJwksUri() != null) {
      throw new IllegalStateException("client " + clientId + ": set jwks or jwks-uri, not both");
    }
    if (client.getJwks() != null) {
      JWKSet set;
      try {
        set = JWKSet.parse(client.getJwks());
      } catch (ParseException e) {
        throw new IllegalStateException("client " + clientId + ": jwks is not a JWK set", e);
      }
      if (set.getKeys().isEmpty() || set.getKeys().stream().anyMatch(JWK::isPrivate)) {
        throw new IllegalStateException(
            "client " + clientId + ": jwks must hold public keys only, at least one");
      }
      settings.setting(ClientSettingNames.JWKS, set.toString(true));
    }
    if (client.getJwksUri() != null) {
      settings.jwkSetUrl(checkedUrl(clientId, "jwks-uri", client.getJwksUri()).toString());
    }
  }

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  /** An absolute https URL, or http to this machine (tests, a sidecar); never a fragment. */
  static URI checkedUrl(String clientId, String key, URI uri) {
    boolean https = "https".equals(uri.getScheme());
    boolean loopback =
        "http".equals(uri.getScheme()) && uri.getHost() != null && LOOPBACK.contains(uri.getHost());
    if (!uri.isAbsolute() || uri.getHost() == null || !(https || loopback)) {
      throw new IllegalStateException(
          "client " + clientId + ": " + key + " must be an https URL (http only to loopback)");
    }
    if (uri.getFragment() != null) {
      throw new IllegalStateException("client " + clientId + ": " + key + " has a fragment");
    }
    return uri;
  }
}
