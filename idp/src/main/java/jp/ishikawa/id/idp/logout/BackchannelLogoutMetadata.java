package jp.ishikawa.id.idp.logout;

import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

/**
 * Discovery (Back-Channel Logout 1.0 §2.1): {@code backchannel_logout_supported} and {@code
 * backchannel_logout_session_supported} (our logout tokens carry {@code sid} whenever one session
 * ended) are advertised only while some active client (configured or made in the admin console) has
 * a back-channel logout URI.
 */
public final class BackchannelLogoutMetadata
    implements Consumer<OidcProviderConfiguration.Builder> {

  private final Supplier<Collection<RegisteredClient>> clients;

  public BackchannelLogoutMetadata(Supplier<Collection<RegisteredClient>> clients) {
    this.clients = clients;
  }

  @Override
  public void accept(OidcProviderConfiguration.Builder builder) {
    if (clients.get().stream().anyMatch(c -> BackchannelLogout.logoutUri(c) != null)) {
      builder
          .claim("backchannel_logout_supported", true)
          .claim("backchannel_logout_session_supported", true);
    }
  }
}
