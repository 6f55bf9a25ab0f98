package jp.ishikawa.id.idp.replay;

import java.time.Instant;

/**
 * Remembers one-time identifiers until they expire, for every node: the {@code jti} of a client
 * assertion (RFC 7523 §3, {@code private_key_jwt}) and of a DPoP proof (RFC 9449 §11.1). A value
 * seen once is refused on any node until its expiry. {@code ishikawa-id.store=redis} keeps them in
 * Redis ({@link RedisReplayCache}); the embedded default in this JVM ({@link InMemoryReplayCache}).
 */
public interface ReplayCache {

  /** What a remembered identifier belongs to: values of different kinds never collide. */
  enum Kind {
    CLIENT_ASSERTION("client-assertion"),
    DPOP_PROOF("dpop-proof");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * Records {@code id} (already scoped by the caller, e.g. client id and {@code jti}) until {@code
   * expiresAt}.
   *
   * @return {@code true} the first time, {@code false} when it was recorded before and has not
   *     expired: a replay
   */
  boolean firstUse(Kind kind, String id, Instant expiresAt);
}
