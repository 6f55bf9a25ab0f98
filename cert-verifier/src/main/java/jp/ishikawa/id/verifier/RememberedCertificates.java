package jp.ishikawa.id.verifier;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.TrustAnchor;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * Certificates that passed every check of a whole verification, remembered by purpose and SHA-256
 * fingerprint of their exact bytes: a resident's next login with the same card skips only what
 * depends on nothing but those bytes and the verifier's fixed configuration (the DER re-encoding
 * and parse, the issuer family, the issuer's signature on the certificate, the profile).
 *
 * <p>Every check that depends on the time, on revocation sources or on the request (validity of the
 * certificate and its root, the card's signature over the challenge, revocation, the identity
 * facts) runs on every verification. A different byte anywhere in the certificate is a different
 * fingerprint and a full verification. Each entry records the trust store it was verified against
 * and is used only with that same store, so a verifier built on another (reloaded) store never sees
 * it.
 *
 * <p>Bounded, least recently used first out; thread-safe (one short lock per lookup, far below the
 * cost of the RSA verification it saves).
 */
final class RememberedCertificates {

  /** What the certificate-only checks established. */
  record Remembered(X509Certificate certificate, TrustAnchor anchor, TrustStore trustStore) {}

  private record Key(Purpose purpose, String fingerprint) {}

  private final int capacity;
  private final Map<Key, Remembered> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  RememberedCertificates(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("the certificate cache size must be 0 or more");
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Remembered> eldest) {
            return size() > RememberedCertificates.this.capacity;
          }
        };
  }

  boolean enabled() {
    return capacity > 0;
  }

  /** The entry for these exact bytes (by fingerprint) under this trust store, or null. */
  Remembered find(Purpose purpose, String fingerprint, TrustStore trustStore) {
    Remembered entry;
    synchronized (entries) {
      entry = entries.get(new Key(purpose, fingerprint));
    }
    if (entry == null || entry.trustStore() != trustStore) {
      misses.increment();
      return null;
    }
    hits.increment();
    return entry;
  }

  void remember(Purpose purpose, String fingerprint, Remembered entry) {
    if (capacity == 0) {
      return;
    }
    synchronized (entries) {
      entries.put(new Key(purpose, fingerprint), entry);
    }
  }

  JpkiVerifier.CacheStatistics statistics() {
    int size;
    synchronized (entries) {
      size = entries.size();
    }
    return new JpkiVerifier.CacheStatistics(size, capacity, hits.sum(), misses.sum());
  }
}
