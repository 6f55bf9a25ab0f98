package jp.ishikawa.id.idp.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The durable client repository with the clients kept in memory in front of it. Clients change only
 * at start-up (they come from configuration), so every node reads them from memory: no database
 * round trip and no JSON parsing per request.
 *
 * <p>It also removes a deadlock: Spring's JDBC authorization store looks the client up while it
 * still holds its own connection (spring-authorization-server#1257), so with every connection taken
 * by such lookups, each waited for a second one until the pool timed out. Reading clients from
 * memory makes that nested lookup connection-free.
 *
 * <p>It answers only for the clients of the running configuration: a client an earlier
 * configuration registered is never read back from the database (issue 8: a removed client stops
 * working; {@link RetiredClients} removes its rows at start-up).
 */
public final class CachedRegisteredClientRepository implements RegisteredClientRepository {

  private final RegisteredClientRepository durable;
  private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();
  private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();

  public CachedRegisteredClientRepository(RegisteredClientRepository durable) {
    this.durable = durable;
  }

  @Override
  public void save(RegisteredClient client) {
    durable.save(client);
    remember(client);
  }

  @Override
  public RegisteredClient findById(String id) {
    return byId.get(id);
  }

  @Override
  public RegisteredClient findByClientId(String clientId) {
    return byClientId.get(clientId);
  }

  /** The clients of the running configuration, in no particular order. */
  public List<RegisteredClient> all() {
    return List.copyOf(byId.values());
  }

  /** Serves {@code client} (already in the durable repository) from memory. */
  public void remember(RegisteredClient client) {
    byId.put(client.getId(), client);
    byClientId.put(client.getClientId(), client);
  }
}
