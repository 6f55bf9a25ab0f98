package jp.ishikawa.id.idp.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * The grants a configured client may have ({@code ishikawa-id.clients[i].grant-types}): the
 * authorization code flow for services residents log in to (the default, with {@code refresh_token}
 * for confidential clients and {@code require-dpop} public ones; an explicit list must name {@code
 * refresh_token}, see {@link ConfiguredClients}), or {@code client_credentials} alone for machine
 * clients — the data providers of the open-data catalogue — which get API scopes only and never a
 * resident's data. Token exchange, the device flow and the password grant are not offered to
 * anyone.
 */
public final class ClientGrantTypes {

  /** The open-data catalogue's API scopes: the only scopes a machine client may have. */
  public static final Set<String> API_SCOPES = Set.of("catalogue.read", "catalogue.publish");

  private ClientGrantTypes() {}

  static Set<AuthorizationGrantType> of(String clientId, List<String> configured) {
    Set<AuthorizationGrantType> grantTypes = new LinkedHashSet<>();
    if (configured.isEmpty()) {
      grantTypes.add(AuthorizationGrantType.AUTHORIZATION_CODE);
      return grantTypes;
    }
    for (String value : configured) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "authorization_code" -> grantTypes.add(AuthorizationGrantType.AUTHORIZATION_CODE);
        case "refresh_token" -> {
          // Whether the client may have refresh tokens is ConfiguredClients' rule.
        }
        case "client_credentials" -> grantTypes.add(AuthorizationGrantType.CLIENT_CREDENTIALS);
        default ->
            throw new IllegalStateException(
                "client "
                    + clientId
                    + ": grant-types are authorization_code (with refresh_token) or"
                    + " client_credentials, not "
                    + value);
      }
    }
    if (grantTypes.contains(AuthorizationGrantType.CLIENT_CREDENTIALS) && grantTypes.size() > 1) {
      throw new IllegalStateException(
          "client " + clientId + ": a client_credentials client has no other grant");
    }
    if (grantTypes.isEmpty()) {
      throw new IllegalStateException("client " + clientId + ": no usable grant-types");
    }
    return grantTypes;
  }

  /** A machine client: no redirect, no resident scope, API scopes only, authenticated. */
  static void checkMachineClient(String clientId, IshikawaIdProperties.Client client) {
    if (!client.getRedirectUris().isEmpty() || !client.getPostLogoutRedirectUris().isEmpty()) {
      throw new IllegalStateException(
          "client " + clientId + ": a client_credentials client has no redirect-uris");
    }
    if (client.getScopes().isEmpty()) {
      throw new IllegalStateException(
          "client " + clientId + ": a client_credentials client needs API scopes " + API_SCOPES);
    }
    for (String scope : client.getScopes()) {
      if (!API_SCOPES.contains(scope)) {
        throw new IllegalStateException(
            "client "
                + clientId
                + ": a client_credentials client may have only API scopes "
                + API_SCOPES
                + ", not "
                + scope);
      }
    }
  }
}
