package jp.ishikawa.id.cardclient.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.ishikawa.id.verifier.model.Purpose;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IdP side of the wire protocol in a test: serves one transaction and checks the response the
 * way the IdP will, from its own state: it rebuilds the signed message byte for byte (written out
 * here independently of the client's {@code SignedMessage}) and verifies SHA256withRSA with the
 * posted certificate's key. Knobs make it misbehave for the refusal tests.
 */
public final class FakeIdp implements AutoCloseable {

  public static final String TXN = "abc123";
  public static final String CODE = "42";
  public static final String SERVICE = "いしかわポータル";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final HttpServer server;
  private final byte[] challenge = new byte[32];
  private volatile Purpose purpose = Purpose.LOGIN;
  private volatile String transactionBody;
  private volatile String transactionContentType = "application/json";
  private volatile int transactionStatus = 200;
  private volatile String redirectTo;
  private volatile int responseStatus;
  private volatile String responseBody;
  private final List<String> gets = new ArrayList<>();
  private final List<JsonNode> posts = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private volatile String verifiedMessage;
  private volatile X509Certificate verifiedCertificate;

  public FakeIdp() throws IOException {
    new java.security.SecureRandom().nextBytes(challenge);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jpki/transactions/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}: what the client must sign as the origin. */
  public String origin() {
    return "http://127.0.0.1:" + port();
  }

  public URI transactionUrl() {
    return URI.create(origin() + "/jpki/transactions/" + TXN);
  }

  public String challengeBase64() {
    return BASE64URL.encodeToString(challenge);
  }

  /** The exact text the client must have signed, built from this server's own state. */
  public String expectedMessage() {
    return "ishikawa-id-jpki-v1\n"
        + "origin="
        + origin()
        + "\n"
        + "txn="
        + TXN
        + "\n"
        + "purpose="
        + purpose.code()
        + "\n"
        + "challenge="
        + challengeBase64()
        + "\n"
        + "code="
        + CODE;
  }

  public FakeIdp purpose(Purpose value) {
    this.purpose = value;
    return this;
  }

  /** Serve this body for the transaction instead of the correct one. */
  public FakeIdp transactionBody(String body) {
    this.transactionBody = body;
    return this;
  }

  public FakeIdp transactionAnswer(int status, String contentType, String body) {
    this.transactionStatus = status;
    this.transactionContentType = contentType;
    this.transactionBody = body;
    return this;
  }

  /** Answer the GET with a 302 to {@code location}. */
  public FakeIdp redirectTo(String location) {
    this.redirectTo = location;
    return this;
  }

  /** Answer the POST with this instead of checking it. */
  public FakeIdp responseAnswer(int status, String body) {
    this.responseStatus = status;
    this.responseBody = body;
    return this;
  }

  /** The correct transaction JSON, plus {@code extra} fields. */
  public String correctTransaction(Map<String, String> extra) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"txn\":\"").append(TXN).append("\",");
    json.append("\"purpose\":\"").append(purpose.code()).append("\",");
    json.append("\"service_name\":\"").append(SERVICE).append("\",");
    json.append("\"challenge\":\"").append(challengeBase64()).append("\",");
    json.append("\"expires_at\":\"2030-01-01T00:05:00Z\"");
    extra.forEach((k, v) -> json.append(",\"").append(k).append("\":\"").append(v).append('"'));
    return json.append('}').toString();
  }

  public synchronized List<String> gets() {
    return List.copyOf(gets);
  }

  public synchronized List<JsonNode> posts() {
    return List.copyOf(posts);
  }

  /** Why posted responses were refused, if they were. */
  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  private volatile byte[] authenticationCertificate;

  /** The authentication certificate an identity response carried, or null. */
  public byte[] authenticationCertificate() {
    return authenticationCertificate;
  }

  /** The message whose signature verified, or null. */
  public String verifiedMessage() {
    return verifiedMessage;
  }

  public X509Certificate verifiedCertificate() {
    return verifiedCertificate;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (exchange.getRequestMethod().equals("GET") && path.equals("/jpki/transactions/" + TXN)) {
      synchronized (this) {
        gets.add(exchange.getRequestHeaders().getFirst("Accept"));
      }
      if (redirectTo != null) {
        exchange.getResponseHeaders().add("Location", redirectTo);
        send(exchange, 302, null, "");
        return;
      }
      String body = transactionBody != null ? transactionBody : correctTransaction(Map.of());
      send(exchange, transactionStatus, transactionContentType, body);
      return;
    }
    if (exchange.getRequestMethod().equals("POST")
        && path.equals("/jpki/transactions/" + TXN + "/response")) {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      synchronized (this) {
        posts.add(body);
      }
      if (responseBody != null) {
        send(exchange, responseStatus, "application/json", responseBody);
        return;
      }
      String problem = check(exchange, body);
      if (problem == null) {
        send(exchange, 204, null, "");
      } else {
        synchronized (this) {
          failures.add(problem);
        }
        send(
            exchange,
            400,
            "application/json",
            "{\"error\":\"bad_signature\",\"error_description\":\"" + problem + "\"}");
      }
      return;
    }
    send(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
  }

  private String check(HttpExchange exchange, JsonNode body) {
    try {
      if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        return "content type";
      }
      Set<String> fields = new TreeSet<>(body.propertyNames());
      Set<String> expected =
          purpose == Purpose.IDENTITY
              ? Set.of(
                  "authentication_certificate", "certificate", "confirmation_code", "signature")
              : Set.of("certificate", "confirmation_code", "signature");
      if (!fields.equals(expected)) {
        return "fields " + fields;
      }
      if (purpose == Purpose.IDENTITY) {
        authenticationCertificate =
            Base64.getUrlDecoder().decode(body.get("authentication_certificate").stringValue());
      }
      String certificate = body.get("certificate").stringValue();
      String signature = body.get("signature").stringValue();
      if (certificate.contains("=") || signature.contains("=")) {
        return "padding";
      }
      if (!CODE.equals(body.get("confirmation_code").stringValue())) {
        return "wrong code";
      }
      X509Certificate card =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(Base64.getUrlDecoder().decode(certificate)));
      String message = expectedMessage();
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(card.getPublicKey());
      verifier.update(message.getBytes(StandardCharsets.UTF_8));
      if (!verifier.verify(Base64.getUrlDecoder().decode(signature))) {
        return "signature does not verify over the expected message";
      }
      verifiedMessage = message;
      verifiedCertificate = card;
      return null;
    } catch (Exception e) {
      return "unreadable response: " + e;
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      exchange.getResponseHeaders().add("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && status != 204) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
