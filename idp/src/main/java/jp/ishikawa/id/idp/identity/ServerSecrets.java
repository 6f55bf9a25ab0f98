package jp.ishikawa.id.idp.identity;

import java.util.Base64;
import java.util.Objects;
import jp.ishikawa.id.idp.crypto.KeyedHash;

/**
 * The server's two configured secrets, decoded and checked once at start-up: the encryption key
 * (personal facts and signing keys at rest) and the pairwise key (pairwise subjects and the facts
 * match key). Losing them loses access to stored facts; rotating the pairwise key changes every
 * pairwise {@code sub}. Both therefore live in the operator's secret store, never in the image.
 */
public final class ServerSecrets {

  private final byte[] encryptionKey;
  private final byte[] pairwiseKey;

  public ServerSecrets(String encryptionKeyBase64, String pairwiseKeyBase64) {
    this.encryptionKey = decode(encryptionKeyBase64, "ishikawa-id.secrets.encryption-key");
    this.pairwiseKey = decode(pairwiseKeyBase64, "ishikawa-id.secrets.pairwise-key");
  }

  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  public KeyedHash pairwiseSubjects() {
    return new KeyedHash(pairwiseKey, "ishikawa-id pairwise subject v1");
  }

  public KeyedHash factsMatchKeys() {
    return new KeyedHash(pairwiseKey, "ishikawa-id facts match key v1");
  }

  private static byte[] decode(String base64, String property) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalStateException(
          property
              + " is not set: generate one with `openssl rand -base64 32` and keep it in the"
              + " secret store (demo mode generates its own)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(property + " is not valid base64", e);
    }
    if (key.length < 32) {
      throw new IllegalStateException(property + " must be at least 32 bytes (base64 of 32 bytes)");
    }
    return Objects.requireNonNull(key);
  }

  @Override
  public String toString() {
    return "ServerSecrets[redacted]";
  }
}
