package jp.ishikawa.id.idp.logout;

import java.util.List;
import java.util.function.Consumer;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

/**
 * Discovery (Back-Channel Logout 1.0 §2.1): {@code backchannel_logout_supported} and {@code
 * backchannel_logout_session_supported} (our logout tokens carry {@code sid} whenever one session
 * ended) are advertised only when some configured client has a {@code backchannel-logout-uri}.
 */
public final class BackchannelLogoutMetadata
    implements Consumer<OidcProviderConfiguration.Builder> {

  private final boolean supported;

  public BackchannelLogoutMetadata(List<IshikawaIdProperties.Client> clients) {
    this.supported = clients.stream().anyMatch(c -> c.getBackchannelLogoutUri() != null);
  }

  @Override
  public void accept(OidcProviderConfiguration.Builder builder) {
    if (supported) {
      builder
          .claim("backchannel_logout_supported", true)
          .claim("backchannel_logout_session_supported", true);
    }
  }
}
