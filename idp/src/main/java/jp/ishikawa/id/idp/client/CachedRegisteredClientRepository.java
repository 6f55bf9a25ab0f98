package jp.ishikawa.id.idp.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Every client (from the configuration and from the admin console) read from the database into
 * memory, so that no request pays a database round trip or JSON parsing to find its client.
 *
 * <p>It also removes a deadlock: Spring's JDBC authorization store looks the client up while it
 * still holds its own connection (spring-authorization-server#1257), so with every connection taken
 * by such lookups, each waited for a second one until the pool timed out. Reading clients from
 * memory makes that nested lookup connection-free.
 *
 * <p>It is reloaded as a whole ({@link #reload()}): at once on the node that changed a client, on
 * every other node when the change is announced ({@link ClientChanges}: Redis pub/sub in the
 * production profile), and every {@code ishikawa-id.client-reload-interval} (30 s) in case an
 * announcement was missed. A disabled client is known ({@link #findById}: its consents and history
 * still name it) but never found by its client id: it cannot authorize, authenticate at the token,
 * PAR, introspection or revocation endpoints, or refresh. A client an earlier configuration
 * registered is retired at start-up ({@link RetiredClients}) before the first load.
 */
public final class CachedRegisteredClientRepository implements RegisteredClientRepository {

  private static final Logger log = LoggerFactory.getLogger(CachedRegisteredClientRepository.class);

  private final Supplier<List<ClientRegistration>> source;
  private volatile Clients clients = new Clients(Map.of(), Map.of());

  private record Clients(
      Map<String, ClientRegistration> byId, Map<String, ClientRegistration> byClientId) {}

  /**
   * @param source every client as stored now ({@link ClientStore#all()})
   */
  public CachedRegisteredClientRepository(Supplier<List<ClientRegistration>> source) {
    this.source = source;
  }

  /**
   * Not used: configured clients are registered at start-up and the console's go through {@link
   * ClientStore}, each followed by a {@link #reload()}.
   */
  @Override
  public void save(RegisteredClient client) {
    throw new UnsupportedOperationException("clients are saved through ClientStore");
  }

  @Override
  public RegisteredClient findById(String id) {
    ClientRegistration registration = clients.byId().get(id);
    return registration == null ? null : registration.client();
  }

  /** The client, unless it is disabled. */
  @Override
  public RegisteredClient findByClientId(String clientId) {
    ClientRegistration registration = clients.byClientId().get(clientId);
    return registration == null || !registration.active() ? null : registration.client();
  }

  /** Whether the client with this internal id exists and is active. */
  public boolean isActive(String id) {
    ClientRegistration registration = clients.byId().get(id);
    return registration != null && registration.active();
  }

  /** The active clients, in no particular order: what discovery is computed from. */
  public List<RegisteredClient> all() {
    return clients.byId().values().stream()
        .filter(ClientRegistration::active)
        .map(ClientRegistration::client)
        .toList();
  }

  /** Every client with its console metadata, disabled ones too. */
  public Collection<ClientRegistration> registrations() {
    return clients.byId().values();
  }

  /** Reads every client from the database again and serves the new set at once. */
  public synchronized void reload() {
    Map<String, ClientRegistration> byId = new LinkedHashMap<>();
    Map<String, ClientRegistration> byClientId = new LinkedHashMap<>();
    for (ClientRegistration registration : source.get()) {
      byId.put(registration.client().getId(), registration);
      byClientId.put(registration.client().getClientId(), registration);
    }
    clients = new Clients(Map.copyOf(byId), Map.copyOf(byClientId));
  }

  /** The safety net for a missed announcement; a database outage keeps the clients in memory. */
  @Scheduled(
      fixedDelayString = "${ishikawa-id.client-reload-interval:PT30S}",
      initialDelayString = "${ishikawa-id.client-reload-interval:PT30S}")
  public void reloadPeriodically() {
    try {
      reload();
    } catch (DataAccessException e) {
      log.warn("clients not reloaded (kept the ones in memory): {}", e.toString());
    }
  }
}
