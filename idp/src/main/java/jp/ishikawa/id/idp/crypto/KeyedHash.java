package jp.ishikawa.id.idp.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a key derived for one use: pairwise subject identifiers (OIDC Core §8.1) and
 * the blind index that finds a resident by their verified facts without storing the facts in clear.
 * The output is base64url without padding.
 */
public final class KeyedHash {

  private final byte[] key;

  public KeyedHash(byte[] masterKey, String label) {
    Objects.requireNonNull(masterKey, "masterKey");
    if (masterKey.length < 32) {
      throw new IllegalArgumentException("the pairwise key must be at least 32 bytes");
    }
    this.key = AtRestCipher.derive(masterKey, label);
  }

  /** HMAC over the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ. */
  public String of(String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) (bytes.length >>> 24));
        mac.update((byte) (bytes.length >>> 16));
        mac.update((byte) (bytes.length >>> 8));
        mac.update((byte) bytes.length);
        mac.update(bytes);
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
