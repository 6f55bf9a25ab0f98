package jp.ishikawa.id.idp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

class CachedRegisteredClientRepositoryTests {

  /** A durable repository that counts its reads. */
  private static final class CountingRepository implements RegisteredClientRepository {
    final Map<String, RegisteredClient> clients = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public void save(RegisteredClient client) {
      clients.put(client.getId(), client);
    }

    @Override
    public RegisteredClient findById(String id) {
      reads.incrementAndGet();
      return clients.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
      reads.incrementAndGet();
      return clients.values().stream()
          .filter(c -> c.getClientId().equals(clientId))
          .findFirst()
          .orElse(null);
    }
  }

  private static RegisteredClient client(String id, String clientId) {
    return RegisteredClient.withId(id)
        .clientId(clientId)
        .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("https://example.jp/cb")
        .scope("openid")
        .build();
  }

  @Test
  void findWhenSavedThroughTheCacheThenServedFromMemory() {
    CountingRepository durable = new CountingRepository();
    CachedRegisteredClientRepository cached = new CachedRegisteredClientRepository(durable);
    cached.save(client("id-1", "portal"));

    assertThat(cached.findById("id-1").getClientId()).isEqualTo("portal");
    assertThat(cached.findByClientId("portal").getId()).isEqualTo("id-1");
    assertThat(durable.reads).hasValue(0);
    assertThat(durable.clients).containsKey("id-1");
  }

  @Test
  void findWhenOnlyInTheDatabaseThenNotFound() {
    // A client of an earlier configuration: it must not work any more (issue 8).
    CountingRepository durable = new CountingRepository();
    durable.save(client("old", "retired-service"));
    CachedRegisteredClientRepository cached = new CachedRegisteredClientRepository(durable);

    assertThat(cached.findById("old")).isNull();
    assertThat(cached.findByClientId("retired-service")).isNull();
    assertThat(durable.reads).hasValue(0);
  }

  @Test
  void allWhenRememberedThenListsTheConfiguredClientsOnly() {
    CountingRepository durable = new CountingRepository();
    durable.save(client("old", "retired-service"));
    CachedRegisteredClientRepository cached = new CachedRegisteredClientRepository(durable);
    cached.remember(client("id-1", "portal"));

    assertThat(cached.all()).extracting(RegisteredClient::getClientId).containsExactly("portal");
  }

  @Test
  void findWhenUnknownThenNull() {
    CachedRegisteredClientRepository cached =
        new CachedRegisteredClientRepository(new CountingRepository());

    assertThat(cached.findById("nope")).isNull();
    assertThat(cached.findByClientId("nope")).isNull();
  }
}
