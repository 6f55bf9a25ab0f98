package jp.ishikawa.id.idp.config;

import java.security.SecureRandom;
import jp.ishikawa.id.idp.client.CachedRegisteredClientRepository;
import jp.ishikawa.id.idp.client.ClientChanges;
import jp.ishikawa.id.idp.client.ClientStore;
import jp.ishikawa.id.idp.client.ConsoleClients;
import jp.ishikawa.id.idp.client.RedisClientChanges;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The admin console's clients ({@link ConsoleClients}) and how a change reaches every node's
 * in-memory clients ({@link ClientChanges}): Redis pub/sub with {@code ishikawa-id.store=redis},
 * in-process on the embedded default.
 */
@Configuration(proxyBeanMethods = false)
public class ClientChangesConfiguration {

  /** The admin console's changes to clients, announced through {@link ClientChanges}. */
  @Bean
  ConsoleClients consoleClients(
      ClientStore store,
      CachedRegisteredClientRepository clients,
      ClientChanges changes,
      SecureRandom random) {
    return new ConsoleClients(store, clients, changes, random);
  }

  /** Redis: every node subscribes to {@value ClientChanges#CHANNEL}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "ishikawa-id.store", havingValue = "redis")
  static class Redis {

    @Bean
    RedisClientChanges clientChanges(
        CachedRegisteredClientRepository clients, StringRedisTemplate redis) {
      return new RedisClientChanges(clients, redis);
    }

    @Bean
    RedisMessageListenerContainer clientChangesListener(
        RedisConnectionFactory connections, RedisClientChanges changes) {
      RedisMessageListenerContainer container = new RedisMessageListenerContainer();
      container.setConnectionFactory(connections);
      container.addMessageListener(changes, new ChannelTopic(ClientChanges.CHANNEL));
      return container;
    }
  }

  /** Embedded: one node. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "ishikawa-id.store",
      havingValue = "embedded",
      matchIfMissing = true)
  static class Embedded {

    @Bean
    ClientChanges clientChanges(CachedRegisteredClientRepository clients) {
      return ClientChanges.inProcess(clients);
    }
  }
}
