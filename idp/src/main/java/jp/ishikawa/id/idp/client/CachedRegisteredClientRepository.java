package jp.ishikawa.id.idp.client;

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
    RegisteredClient client = byId.get(id);
    if (client == null) {
      // A client registered by an earlier configuration: read it once.
      client = durable.findById(id);
      if (client != null) {
        remember(client);
      }
    }
    return client;
  }

  @Override
  public RegisteredClient findByClientId(String clientId) {
    RegisteredClient client = byClientId.get(clientId);
    if (client == null) {
      client = durable.findByClientId(clientId);
      if (client != null) {
        remember(client);
      }
    }
    return client;
  }

  private void remember(RegisteredClient client) {
    byId.put(client.getId(), client);
    byClientId.put(client.getClientId(), client);
  }
}
