package jp.ishikawa.id.idp.passkey;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags and signature counter of WebAuthn authenticator data (WebAuthn Level 3 §6.1): 32 bytes
 * RP ID hash, one flags byte, a 4-byte big-endian counter, then optional parts.
 *
 * @param userPresent UP: the resident touched or otherwise acknowledged the authenticator
 * @param userVerified UV: the authenticator verified the resident (PIN, fingerprint or face; it
 *     does not say which)
 * @param backupEligible BE: the key may be synced to other devices (a multi-device passkey)
 * @param signCount the signature counter (0 when the authenticator keeps none)
 */
public record AuthenticatorFlags(
    boolean userPresent, boolean userVerified, boolean backupEligible, long signCount) {

  /**
   * @throws IllegalArgumentException when {@code authenticatorData} is shorter than 37 bytes
   */
  public static AuthenticatorFlags of(byte[] authenticatorData) {
    if (authenticatorData == null || authenticatorData.length < 37) {
      throw new IllegalArgumentException("authenticator data is shorter than 37 bytes");
    }
    int flags = authenticatorData[32] & 0xff;
    long count =
        ((authenticatorData[33] & 0xffL) << 24)
            | ((authenticatorData[34] & 0xffL) << 16)
            | ((authenticatorData[35] & 0xffL) << 8)
            | (authenticatorData[36] & 0xffL);
    return new AuthenticatorFlags(
        (flags & 0x01) != 0, (flags & 0x04) != 0, (flags & 0x08) != 0, count);
  }

  /**
   * The RFC 8176 {@code amr} of a login with these (verified) flags, only what the flags tell:
   *
   * <ul>
   *   <li>{@code swk} when the key is backup-eligible (it can be copied to the resident's other
   *       devices through their platform's sync, so it is not bound to one piece of hardware), else
   *       {@code hwk} (a device-bound key; without attestation, which we do not request, this is
   *       the authenticator's word);
   *   <li>{@code user}: the user-presence test (UP), which every assertion must pass;
   *   <li>{@code mfa} when the authenticator verified the resident (UV): possession of the key plus
   *       a PIN or biometric. We say neither {@code pin} nor {@code fpt}/{@code face}: the UV flag
   *       does not tell which.
   * </ul>
   */
  public List<String> amr() {
    List<String> amr = new ArrayList<>();
    amr.add(backupEligible ? "swk" : "hwk");
    amr.add("user");
    if (userVerified) {
      amr.add("mfa");
    }
    return amr;
  }
}
