package jp.ishikawa.id.idp.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what must not be readable at rest — residents' verified facts and the IdP's private
 * signing keys — with AES-256-GCM under a key derived from the configured secret. Every ciphertext
 * is bound to its purpose and owner through the associated data, so a ciphertext copied to another
 * row does not decrypt.
 *
 * <p>Format: {@code version(1) | nonce(12) | ciphertext+tag}. The key id (first 8 hex digits of a
 * hash of the key) is stored beside each ciphertext so a future key rotation can tell them apart.
 */
public final class AtRestCipher {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String keyId;
  private final SecureRandom random;

  public AtRestCipher(byte[] masterKey, SecureRandom random) {
    Objects.requireNonNull(masterKey, "masterKey");
    if (masterKey.length < 32) {
      throw new IllegalArgumentException("the encryption key must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(derive(masterKey, "ishikawa-id at-rest encryption v1"), "AES");
    this.keyId = HexFormat.of().formatHex(sha256(key.getEncoded()), 0, 4);
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Identifies the key, for storage beside the ciphertext. */
  public String keyId() {
    return keyId;
  }

  public byte[] encrypt(byte[] plaintext, String associatedData) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(VERSION)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * @throws IllegalArgumentException if the ciphertext was altered, belongs to another row, or was
   *     made with another key
   */
  public byte[] decrypt(byte[] ciphertext, String associatedData) {
    if (ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
      throw new IllegalArgumentException("not an at-rest ciphertext of this version");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("the ciphertext does not authenticate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** HMAC-SHA256(master, label): independent keys for independent uses of one secret. */
  public static byte[] derive(byte[] master, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
