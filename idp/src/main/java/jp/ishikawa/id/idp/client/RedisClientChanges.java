package jp.ishikawa.id.idp.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link ClientChanges} through Redis pub/sub: {@link #announce} publishes the client id on {@value
 * ClientChanges#CHANNEL}, and every node (subscribed through a {@code
 * RedisMessageListenerContainer}) reloads its clients from the database when a message arrives.
 * With Redis down, the change is already in the database and the other nodes see it at their next
 * periodic reload.
 */
public final class RedisClientChanges implements ClientChanges, MessageListener {

  private static final Logger log = LoggerFactory.getLogger(RedisClientChanges.class);

  private final CachedRegisteredClientRepository clients;
  private final StringRedisTemplate redis;

  public RedisClientChanges(CachedRegisteredClientRepository clients, StringRedisTemplate redis) {
    this.clients = clients;
    this.redis = redis;
  }

  @Override
  public void announce(String clientId) {
    clients.reload();
    try {
      redis.convertAndSend(CHANNEL, clientId);
    } catch (DataAccessException e) {
      log.warn(
          "client change not announced through Redis; other nodes reload it within the periodic"
              + " interval: {}",
          e.toString());
    }
  }

  @Override
  public void onMessage(Message message, byte[] pattern) {
    clients.reloadPeriodically(); // the same reload, keeping the clients in memory on a failure
  }
}
