package jp.ishikawa.id.cardclient.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transaction URL as a QR code or an app link carries it ({@code
 * https://id.example/jpki/transactions/abc123}, or {@code ishikawa-id://jpki?url=<urlencoded>}),
 * with the origin the client will sign: {@code scheme://host[:port]} of the URL the client itself
 * fetches, lower-case, default port omitted (ARCHITECTURE.md, wire protocol v1). The origin is
 * never taken from anything the server says, so a response relayed by a phishing site names the
 * phishing site's origin and fails.
 *
 * <p>Only {@code https} is accepted, except {@code http} to {@code localhost}, {@code 127.0.0.1} or
 * {@code [::1]} for demos and tests. User info, queries and fragments are refused.
 *
 * @param uri the normalised URL the client fetches
 * @param origin {@code scheme://host[:port]}
 * @param txn the transaction id, the last path segment
 */
public record TransactionUrl(URI uri, String origin, String txn) {

  /** The app-link scheme: {@code ishikawa-id://jpki?url=<urlencoded transaction URL>}. */
  public static final String APP_LINK_SCHEME = "ishikawa-id";

  private static final Pattern HOST = Pattern.compile("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$");
  private static final Pattern PATH =
      Pattern.compile("^((?:/[A-Za-z0-9._~-]+)*)/jpki/transactions/([A-Za-z0-9_-]{1,128})$");

  /**
   * Parses a transaction URL or an app link.
   *
   * @throws TransactionException {@code invalid_url} or {@code insecure_url}
   */
  public static TransactionUrl parse(String text) throws TransactionException {
    if (text == null || text.isBlank() || text.length() > 4096) {
      throw new TransactionException(ProtocolError.INVALID_URL, "empty or too long");
    }
    URI uri = toUri(text.strip());
    if (APP_LINK_SCHEME.equalsIgnoreCase(uri.getScheme())) {
      return parseHttp(toUri(appLinkTarget(uri)));
    }
    return parseHttp(uri);
  }

  /** {@code <uri>/response}, where the client posts the signed response. */
  public URI responseUri() {
    return URI.create(uri + "/response");
  }

  private static String appLinkTarget(URI link) throws TransactionException {
    if (!"jpki".equalsIgnoreCase(link.getHost())
        || (link.getRawPath() != null
            && !link.getRawPath().isEmpty()
            && !link.getRawPath().equals("/"))
        || link.getRawQuery() == null) {
      throw new TransactionException(
          ProtocolError.INVALID_URL, "an app link is ishikawa-id://jpki?url=<transaction URL>");
    }
    String target = null;
    for (String parameter : link.getRawQuery().split("&")) {
      if (parameter.startsWith("url=")) {
        if (target != null) {
          throw new TransactionException(ProtocolError.INVALID_URL, "two url parameters");
        }
        try {
          target = URLDecoder.decode(parameter.substring(4), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new TransactionException(ProtocolError.INVALID_URL, "bad url encoding");
        }
      }
    }
    if (target == null) {
      throw new TransactionException(ProtocolError.INVALID_URL, "the app link has no url");
    }
    return target;
  }

  private static TransactionUrl parseHttp(URI uri) throws TransactionException {
    if (!uri.isAbsolute() || uri.isOpaque()) {
      throw new TransactionException(ProtocolError.INVALID_URL, "not an absolute URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new TransactionException(ProtocolError.INVALID_URL, "not an http(s) URL");
    }
    if (uri.getRawUserInfo() != null) {
      // https://id.example@evil.example/… : the part the resident reads is not the host.
      throw new TransactionException(ProtocolError.INVALID_URL, "user info in the URL");
    }
    if (uri.getHost() == null) {
      throw new TransactionException(ProtocolError.INVALID_URL, "no host");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (!HOST.matcher(host).matches() && !host.equals("[::1]")) {
      // The origin goes into the signed message: only names and IPv4 addresses, plus [::1].
      throw new TransactionException(ProtocolError.INVALID_URL, "unsupported host");
    }
    if (scheme.equals("http") && !isLoopback(host)) {
      throw new TransactionException(
          ProtocolError.INSECURE_URL, "http is allowed only for localhost");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new TransactionException(ProtocolError.INVALID_URL, "query or fragment in the URL");
    }
    Matcher path = PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (!path.matches()) {
      throw new TransactionException(
          ProtocolError.INVALID_URL, "the path is not /jpki/transactions/{txn}");
    }
    int port = uri.getPort();
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String origin = scheme + "://" + host + (port >= 0 && port != defaultPort ? ":" + port : "");
    return new TransactionUrl(URI.create(origin + uri.getRawPath()), origin, path.group(2));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static URI toUri(String text) throws TransactionException {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new TransactionException(ProtocolError.INVALID_URL, "not a URL");
    }
  }
}
