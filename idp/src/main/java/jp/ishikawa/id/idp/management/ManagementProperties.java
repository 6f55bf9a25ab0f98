package jp.ishikawa.id.idp.management;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ishikawa-id.management.*}: which clients receive access tokens for the management API
 * (audience {@value #AUDIENCE}). Each must be a first-party client with the public subject type, so
 * that the token's {@code sub} is the resident's Ishikawa ID; start-up fails otherwise.
 */
@ConfigurationProperties("ishikawa-id.management")
public class ManagementProperties {

  /** The audience of the management API's access tokens. */
  public static final String AUDIENCE = "ishikawa-id-management";

  /** Client ids whose access tokens carry {@code aud: ishikawa-id-management}. */
  private List<String> clients = new ArrayList<>(List.of("consent-ui"));

  /**
   * How recent the card tap behind a management access token must be for a dangerous action
   * (rotating keys or a client secret, disabling a service, deactivating): {@link FreshCardTap}.
   */
  private Duration freshTap = Duration.ofMinutes(5);

  public Duration getFreshTap() {
    return freshTap;
  }

  public void setFreshTap(Duration freshTap) {
    this.freshTap = freshTap;
  }

  public List<String> getClients() {
    return clients;
  }

  public void setClients(List<String> clients) {
    this.clients = clients;
  }
}
