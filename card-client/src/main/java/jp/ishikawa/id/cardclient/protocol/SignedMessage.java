package jp.ishikawa.id.cardclient.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * The message the card signs (ARCHITECTURE.md, wire protocol v1): UTF-8, lines separated by LF, no
 * newline after the last line:
 *
 * <pre>
 * ishikawa-id-jpki-v1
 * origin=&lt;the IdP origin the client connected to&gt;
 * txn=&lt;txn&gt;
 * purpose=&lt;login|identity&gt;
 * challenge=&lt;base64url challenge, no padding&gt;
 * code=&lt;confirmation code the resident typed&gt;
 * </pre>
 *
 * The client builds it from what it knows itself; the server rebuilds the same bytes from its own
 * state. No field may hold a line break, so no field can forge another line.
 *
 * @param origin {@code scheme://host[:port]} of the URL the client fetched
 * @param txn the transaction id
 * @param purpose login or identity
 * @param challenge the server's challenge, base64url without padding
 * @param code the 2-digit confirmation code the resident typed
 */
public record SignedMessage(
    String origin, String txn, Purpose purpose, String challenge, String code) {

  public static final String VERSION_LINE = "ishikawa-id-jpki-v1";

  private static final Pattern ORIGIN =
      Pattern.compile(
          "^https?://[a-z0-9.\\-]+(?::[0-9]{1,5})?$|^http://\\[::1\\](?::[0-9]{1,5})?$");
  private static final Pattern TXN = Pattern.compile("^[A-Za-z0-9_-]{1,128}$");
  private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");
  private static final Pattern CODE = Pattern.compile("^[0-9]{2}$");

  public SignedMessage {
    Objects.requireNonNull(purpose, "purpose");
    require(origin, ORIGIN, "origin");
    require(txn, TXN, "txn");
    require(challenge, BASE64URL, "challenge");
    require(code, CODE, "code");
  }

  /** The exact text, without a trailing newline. */
  public String text() {
    return VERSION_LINE
        + "\norigin="
        + origin
        + "\ntxn="
        + txn
        + "\npurpose="
        + purpose.code()
        + "\nchallenge="
        + challenge
        + "\ncode="
        + code;
  }

  /** The UTF-8 bytes the card signs (through their SHA-256 DigestInfo). */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  private static void require(String value, Pattern pattern, String name) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("the signed message's " + name + " is malformed");
    }
  }
}
