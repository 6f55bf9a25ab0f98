package jp.ishikawa.id.idp.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets are random and high-entropy, so a fast hash protects them as well as a slow one
 * would, without putting BCrypt's ~100 ms on the token endpoint's hot path (issue 4). SHA-256,
 * compared in constant time. Never use this for anything a human chooses.
 */
public final class Sha256SecretEncoder implements PasswordEncoder {

  /** Secrets shorter than this are refused at registration: they would not be high-entropy. */
  public static final int MINIMUM_SECRET_LENGTH = 32;

  @Override
  public String encode(CharSequence rawSecret) {
    return HexFormat.of().formatHex(sha256(rawSecret));
  }

  @Override
  public boolean matches(CharSequence rawSecret, String encodedSecret) {
    if (rawSecret == null || encodedSecret == null) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(encodedSecret);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sha256(rawSecret), expected);
  }

  private static byte[] sha256(CharSequence value) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(value.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
