package jp.ishikawa.id.verifier.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;

/**
 * Step 6, proof of possession: the signature is {@code SHA256withRSA} (PKCS#1 v1.5) by the
 * certificate's key over the exact message the server built.
 *
 * <p>The card pads whatever DigestInfo the host sends (JPKI.md §1), so the hash is not the card's
 * choice to make: the server rebuilds the message from its own state and verifies SHA-256 itself.
 * It never accepts a client-supplied hash. A SHA-1 DigestInfo, a signature over another message,
 * and a signature of the wrong length (truncated, or padded with extra bytes) all fail; on failure
 * the signature is opened with the public key to tell the operator which of these it was.
 */
public final class ProofOfPossessionCheck implements VerificationCheck {

  private static final byte[] SHA256_DIGEST_INFO_PREFIX =
      HexFormat.of().parseHex("3031300d060960864801650304020105000420");
  private static final byte[] SHA1_DIGEST_INFO_PREFIX =
      HexFormat.of().parseHex("3021300906052b0e03021a05000414");

  @Override
  public Step step() {
    return Step.SIGNATURE;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    RSAPublicKey key = (RSAPublicKey) context.certificate().getPublicKey();
    int modulusBytes = (key.getModulus().bitLength() + 7) / 8;
    byte[] signature = context.signature();
    if (signature.length != modulusBytes) {
      return CheckOutcome.fail(
          Reason.SIGNATURE_LENGTH,
          signature.length + " bytes; an RSA-2048 signature is exactly " + modulusBytes);
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(context.message());
      if (verifier.verify(signature)) {
        return CheckOutcome.pass();
      }
    } catch (GeneralSecurityException e) {
      return CheckOutcome.fail(
          Reason.BAD_SIGNATURE,
          "the signature cannot be verified: " + e.getClass().getSimpleName());
    }
    return CheckOutcome.fail(Reason.BAD_SIGNATURE, diagnose(key, context.message(), signature));
  }

  /**
   * Opens a failed signature with the public key (public data only) to say what it was: a SHA-1
   * DigestInfo, a SHA-256 signature over another message, or not made by this key at all.
   */
  static String diagnose(RSAPublicKey key, byte[] message, byte[] signature) {
    BigInteger opened =
        new BigInteger(1, signature).modPow(key.getPublicExponent(), key.getModulus());
    byte[] block = opened.toByteArray();
    int modulusBytes = (key.getModulus().bitLength() + 7) / 8;
    // Left-pad to the modulus length: EM = 00 01 FF..FF 00 DigestInfo.
    byte[] em = new byte[modulusBytes];
    int copy = Math.min(block.length, modulusBytes);
    System.arraycopy(block, block.length - copy, em, modulusBytes - copy, copy);
    if (em[0] != 0 || em[1] != 1) {
      return "the signature was not made by this certificate's key";
    }
    int index = 2;
    while (index < em.length && em[index] == (byte) 0xff) {
      index++;
    }
    if (index >= em.length || em[index] != 0) {
      return "the signature was not made by this certificate's key";
    }
    byte[] digestInfo = Arrays.copyOfRange(em, index + 1, em.length);
    if (startsWith(digestInfo, SHA1_DIGEST_INFO_PREFIX)) {
      return "the card signed a SHA-1 DigestInfo; SHA-256 over the server's message is required";
    }
    if (startsWith(digestInfo, SHA256_DIGEST_INFO_PREFIX)) {
      byte[] expected = sha256(message);
      byte[] signed =
          Arrays.copyOfRange(digestInfo, SHA256_DIGEST_INFO_PREFIX.length, digestInfo.length);
      return MessageDigest.isEqual(expected, signed)
          ? "the DigestInfo is not well formed"
          : "the signature is over a different message than the one the server built";
    }
    return "the card signed an unrecognised DigestInfo; SHA-256 is required";
  }

  private static boolean startsWith(byte[] value, byte[] prefix) {
    return value.length >= prefix.length
        && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
