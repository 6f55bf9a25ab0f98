package jp.ishikawa.id.idp.jpki;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The message a card signs (ARCHITECTURE.md, wire protocol v1): UTF-8, LF line ends, no newline
 * after the last line. The server rebuilds it from its own state — its own origin, the
 * transaction's challenge and its own copy of the confirmation code — and never takes any part of
 * it from the client.
 *
 * <pre>
 * ishikawa-id-jpki-v1
 * origin=&lt;IdP origin&gt;
 * txn=&lt;txn&gt;
 * purpose=&lt;login|identity&gt;
 * challenge=&lt;base64url, no padding&gt;
 * code=&lt;confirmation code&gt;
 * </pre>
 */
public final class JpkiSignedMessage {

  public static final String VERSION_LINE = "ishikawa-id-jpki-v1";

  private JpkiSignedMessage() {}

  public static byte[] build(
      String origin, String txn, String purpose, String challenge, String code) {
    return (VERSION_LINE
            + "\norigin="
            + origin
            + "\ntxn="
            + txn
            + "\npurpose="
            + purpose
            + "\nchallenge="
            + challenge
            + "\ncode="
            + code)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The origin of a URL as a client computes it: lower-case scheme and host, the port only when it
   * is not the scheme's default.
   */
  public static String originOf(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }
}
