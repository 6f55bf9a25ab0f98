package jp.ishikawa.id.idp.jpki;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transactions in Redis: one hash per transaction ({@code data} JSON, {@code state}, {@code result}
 * JSON) with a TTL of the lifetime plus a grace period, and every state change a Lua
 * compare-and-set, so two nodes receiving two responses for one transaction cannot both win. Losing
 * Redis loses in-flight logins only.
 */
public final class RedisJpkiTransactionStore implements JpkiTransactionStore {

  private static final String PREFIX = "ishikawa-id:jpki:txn:";

  private static final RedisScript<Long> TRANSITION =
      new DefaultRedisScript<>(
          """
          if redis.call('HGET', KEYS[1], 'state') == ARGV[1] then
            redis.call('HSET', KEYS[1], 'state', ARGV[2])
            if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'result', ARGV[3]) end
            return 1
          end
          return 0
          """,
          Long.class);

  private final StringRedisTemplate redis;
  private final Duration grace;
  private final JsonMapper json = JsonMapper.builder().build();

  public RedisJpkiTransactionStore(StringRedisTemplate redis, Duration grace) {
    this.redis = redis;
    this.grace = grace;
  }

  @Override
  public void create(JpkiTransaction t) {
    String key = PREFIX + t.id();
    // The immutable part as JSON; state and result live in their own fields, changed by CAS.
    JpkiTransaction data = t.withState(TransactionState.PENDING, null);
    redis
        .opsForHash()
        .putAll(
            key,
            Map.of(
                "data", json.writeValueAsString(data), "state", TransactionState.PENDING.code()));
    Duration ttl = Duration.between(t.createdAt(), t.expiresAt()).plus(grace);
    redis.expire(key, ttl);
  }

  @Override
  public Optional<JpkiTransaction> find(String id) {
    List<Object> values =
        redis.opsForHash().multiGet(PREFIX + id, List.of("data", "state", "result"));
    if (values.get(0) == null || values.get(1) == null) {
      return Optional.empty();
    }
    JpkiTransaction data = json.readValue((String) values.get(0), JpkiTransaction.class);
    TransactionResult result =
        values.get(2) == null
            ? null
            : json.readValue((String) values.get(2), TransactionResult.class);
    return Optional.of(data.withState(TransactionState.fromCode((String) values.get(1)), result));
  }

  @Override
  public boolean claim(String id) {
    return transition(id, TransactionState.PENDING, TransactionState.PROCESSING, "");
  }

  @Override
  public boolean finish(String id, TransactionResult result) {
    return transition(
        id,
        TransactionState.PROCESSING,
        result.succeeded() ? TransactionState.COMPLETED : TransactionState.FAILED,
        json.writeValueAsString(result));
  }

  @Override
  public boolean markUsed(String id) {
    return transition(id, TransactionState.COMPLETED, TransactionState.USED, "");
  }

  private boolean transition(String id, TransactionState from, TransactionState to, String result) {
    Long changed = redis.execute(TRANSITION, List.of(PREFIX + id), from.code(), to.code(), result);
    return changed != null && changed == 1L;
  }
}
