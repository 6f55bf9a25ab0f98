package jp.ishikawa.id.idp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class CachedRegisteredClientRepositoryTests {

  /** The database's clients, counting how often they are read. */
  private final List<ClientRegistration> stored = new ArrayList<>();

  private final AtomicInteger reads = new AtomicInteger();
  private final CachedRegisteredClientRepository cached =
      new CachedRegisteredClientRepository(
          () -> {
            reads.incrementAndGet();
            return List.copyOf(stored);
          });

  private static ClientRegistration registration(
      String id, String clientId, ClientRegistration.Status status) {
    RegisteredClient client =
        RegisteredClient.withId(id)
            .clientId(clientId)
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("https://example.jp/cb")
            .scope("openid")
            .build();
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return new ClientRegistration(
        client, ClientRegistration.Source.CONSOLE, status, now, "staff", now, "staff");
  }

  @Test
  void findWhenLoadedThenServedFromMemory() {
    stored.add(registration("id-1", "portal", ClientRegistration.Status.ACTIVE));
    cached.reload();

    assertThat(cached.findById("id-1").getClientId()).isEqualTo("portal");
    assertThat(cached.findByClientId("portal").getId()).isEqualTo("id-1");
    assertThat(cached.findByClientId("portal").getId()).isEqualTo("id-1");
    assertThat(reads).hasValue(1);
  }

  @Test
  void findWhenAddedToTheDatabaseThenFoundOnlyAfterTheReload() {
    cached.reload();
    stored.add(registration("id-2", "library", ClientRegistration.Status.ACTIVE));

    assertThat(cached.findByClientId("library")).isNull();
    cached.reload();
    assertThat(cached.findByClientId("library")).isNotNull();
  }

  @Test
  void findByClientIdWhenDisabledThenNullButStillKnownById() {
    stored.add(registration("id-3", "closed", ClientRegistration.Status.DISABLED));
    cached.reload();

    assertThat(cached.findByClientId("closed")).isNull();
    assertThat(cached.findById("id-3")).isNotNull();
    assertThat(cached.isActive("id-3")).isFalse();
    assertThat(cached.all()).isEmpty();
    assertThat(cached.registrations()).hasSize(1);
  }

  @Test
  void allWhenSomeDisabledThenTheActiveOnes() {
    stored.add(registration("a", "portal", ClientRegistration.Status.ACTIVE));
    stored.add(registration("b", "closed", ClientRegistration.Status.DISABLED));
    cached.reload();

    assertThat(cached.all()).extracting(RegisteredClient::getClientId).containsExactly("portal");
  }

  @Test
  void findWhenRemovedFromTheDatabaseThenGoneAfterTheReload() {
    stored.add(registration("old", "retired-service", ClientRegistration.Status.ACTIVE));
    cached.reload();
    stored.clear();
    cached.reload();

    assertThat(cached.findById("old")).isNull();
    assertThat(cached.findByClientId("retired-service")).isNull();
  }

  @Test
  void findWhenUnknownThenNull() {
    cached.reload();

    assertThat(cached.findById("nope")).isNull();
    assertThat(cached.findByClientId("nope")).isNull();
    assertThat(cached.isActive("nope")).isFalse();
  }
}
