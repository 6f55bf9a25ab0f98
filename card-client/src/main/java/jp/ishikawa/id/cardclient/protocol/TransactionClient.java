package jp.ishikawa.id.cardclient.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.card.CardAccessException;
import jp.ishikawa.id.cardclient.card.CardError;
import jp.ishikawa.id.cardclient.card.JpkiCard;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.cardclient.card.PinStatus;
import jp.ishikawa.id.verifier.model.Purpose;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers a login transaction with a card (ARCHITECTURE.md, wire protocol v1), in this order:
 *
 * <ol>
 *   <li>parse the transaction URL (https only, except http to localhost);
 *   <li>GET it with {@code Accept: application/json}, refusing redirects;
 *   <li>check that {@code txn} and {@code purpose} match the URL and the command: a mismatch stops
 *       before any PIN is asked;
 *   <li>show the service name and the origin, ask the confirmation code;
 *   <li>select the card's JPKI application and show the tries left; stop on a locked key, ask
 *       before using a last try;
 *   <li>ask the PIN or password, check its form, VERIFY;
 *   <li>read the certificate, build the {@link SignedMessage} from what the client knows (the
 *       origin it connected to, never one the server names), have the card sign its SHA-256
 *       DigestInfo;
 *   <li>POST {@code {certificate, signature, confirmation_code}}: {@code 204} is success.
 * </ol>
 *
 * <p>The PIN goes only to the card: it is never sent to the server, logged, or kept after VERIFY.
 */
public final class TransactionClient {

  /** Larger answers are not transactions; reading stops here. */
  static final int MAX_BODY = 64 * 1024;

  static final int MIN_CHALLENGE = 16;
  static final int MAX_CHALLENGE = 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");
  private static final Pattern CODE = Pattern.compile("^[0-9]{2}$");
  private static final Pattern ERROR_CODE = Pattern.compile("^[a-z0-9_]{1,64}$");

  private final HttpClient http;
  private final Duration timeout;

  /** With a 30-second timeout per request. */
  public TransactionClient(HttpClient http) {
    this(http, Duration.ofSeconds(30));
  }

  public TransactionClient(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * Answers the transaction at {@code transactionUrl} without asking anyone: for tests and
   * automation. A last try is never used.
   *
   * @param pinOrPassword the PIN ({@code login}) or signature password ({@code identity}); not
   *     modified
   */
  public TransactionOutcome run(
      URI transactionUrl,
      Purpose purpose,
      ApduChannel card,
      String confirmationCode,
      char[] pinOrPassword) {
    return run(
        transactionUrl.toString(),
        purpose,
        card,
        ResidentDialogue.scripted(confirmationCode, pinOrPassword, false));
  }

  /** Answers the transaction at {@code transactionUrl} (or app link), asking {@code dialogue}. */
  public TransactionOutcome run(
      String transactionUrl, Purpose purpose, ApduChannel channel, ResidentDialogue dialogue) {
    try {
      TransactionUrl url = TransactionUrl.parse(transactionUrl);
      Transaction transaction = fetch(url);
      if (!transaction.txn().equals(url.txn())) {
        throw new TransactionException(
            ProtocolError.TXN_MISMATCH, "the server answered for another transaction");
      }
      if (transaction.purpose() != purpose) {
        throw new TransactionException(
            ProtocolError.PURPOSE_MISMATCH,
            "the transaction is for " + transaction.purpose().code() + ", not " + purpose.code());
      }
      dialogue.showTransaction(transaction, url.origin());
      String code = dialogue.confirmationCode();
      if (code == null) {
        throw new TransactionException(ProtocolError.CANCELLED, "no confirmation code");
      }
      code = code.strip();
      if (!CODE.matcher(code).matches()) {
        throw new TransactionException(ProtocolError.INVALID_CODE, null);
      }
      KeyRole role = KeyRole.of(purpose);
      JpkiCard card = JpkiCard.select(channel);
      PinStatus status = card.pinStatus(role);
      dialogue.showPinStatus(status);
      if (status.blocked()) {
        throw new CardAccessException(CardError.PIN_BLOCKED, role, 0, -1);
      }
      boolean lastTryConfirmed = status.lastTry() && dialogue.confirmLastTry(role);
      if (status.lastTry() && !lastTryConfirmed) {
        throw new CardAccessException(CardError.LAST_TRY_NOT_CONFIRMED, role, 1, -1);
      }
      char[] secret = dialogue.pinOrPassword(role);
      if (secret == null) {
        throw new TransactionException(ProtocolError.CANCELLED, "no PIN");
      }
      try {
        card.verify(role, secret, lastTryConfirmed);
      } finally {
        Arrays.fill(secret, '\0');
      }
      byte[] certificate = card.certificate(role);
      // An identity answer also names the card's authentication certificate, so the IdP can
      // check that the facts come from the same card as the login being registered or updated.
      byte[] authenticationCertificate =
          purpose == Purpose.IDENTITY ? card.certificate(KeyRole.AUTHENTICATION) : null;
      SignedMessage message =
          new SignedMessage(url.origin(), url.txn(), purpose, transaction.challenge(), code);
      byte[] signature = card.signSha256(role, message.bytes());
      respond(url, certificate, signature, code, authenticationCertificate);
      return new TransactionOutcome.Completed(
          url.txn(), purpose, transaction.serviceName(), url.origin());
    } catch (TransactionException e) {
      return new TransactionOutcome.Failed(
          e.code(), e.residentMessage(), OptionalInt.empty(), e.detail());
    } catch (CardAccessException e) {
      return new TransactionOutcome.Failed(
          e.code(), e.residentMessage(), e.triesLeft(), e.detail());
    }
  }

  /**
   * GETs the transaction.
   *
   * @throws TransactionException a client code ({@code network}, {@code bad_response}, {@code
   *     origin_mismatch}) or the server's error code
   */
  public Transaction fetch(TransactionUrl url) throws TransactionException {
    HttpRequest request =
        HttpRequest.newBuilder(url.uri())
            .header("Accept", "application/json")
            .timeout(timeout)
            .GET()
            .build();
    Exchange exchange = send(request);
    if (exchange.status() != 200) {
      throw serverError(exchange);
    }
    if (!exchange.json()) {
      throw new TransactionException(
          ProtocolError.BAD_RESPONSE, "the transaction URL did not answer with JSON");
    }
    JsonNode root = parse(exchange.body());
    String txn = text(root, "txn");
    String purposeCode = text(root, "purpose");
    Purpose purpose = null;
    for (Purpose candidate : Purpose.values()) {
      if (candidate.code().equals(purposeCode)) {
        purpose = candidate;
      }
    }
    if (purpose == null) {
      throw new TransactionException(ProtocolError.BAD_RESPONSE, "unknown purpose");
    }
    String serviceName = displayable(text(root, "service_name"));
    String challenge = text(root, "challenge");
    byte[] challengeBytes;
    if (!BASE64URL.matcher(challenge).matches()) {
      throw new TransactionException(
          ProtocolError.BAD_RESPONSE, "the challenge is not base64url without padding");
    }
    try {
      challengeBytes = Base64.getUrlDecoder().decode(challenge);
    } catch (IllegalArgumentException e) {
      throw new TransactionException(ProtocolError.BAD_RESPONSE, "the challenge is not base64url");
    }
    if (challengeBytes.length < MIN_CHALLENGE || challengeBytes.length > MAX_CHALLENGE) {
      throw new TransactionException(
          ProtocolError.BAD_RESPONSE, "the challenge is not 16-1024 bytes");
    }
    Instant expiresAt;
    try {
      expiresAt =
          OffsetDateTime.parse(text(root, "expires_at"), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
    } catch (DateTimeParseException e) {
      throw new TransactionException(
          ProtocolError.BAD_RESPONSE, "expires_at is not an RFC 3339 time");
    }
    return new Transaction(
        txn,
        purpose,
        serviceName,
        Base64.getUrlEncoder().withoutPadding().encodeToString(challengeBytes),
        expiresAt);
  }

  /**
   * POSTs {@code {certificate, signature, confirmation_code}}; returns on {@code 204}.
   *
   * @throws TransactionException the server's error code, or a client code
   */
  public void respond(TransactionUrl url, byte[] certificate, byte[] signature, String code)
      throws TransactionException {
    respond(url, certificate, signature, code, null);
  }

  /**
   * POSTs {@code {certificate, signature, confirmation_code}} and, for an identity answer, {@code
   * authentication_certificate}; returns on {@code 204}.
   *
   * @param authenticationCertificate the same card's authentication certificate, or null
   * @throws TransactionException the server's error code, or a client code
   */
  public void respond(
      TransactionUrl url,
      byte[] certificate,
      byte[] signature,
      String code,
      byte[] authenticationCertificate)
      throws TransactionException {
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    ObjectNode body = JSON.createObjectNode();
    body.put("certificate", base64url.encodeToString(certificate));
    body.put("signature", base64url.encodeToString(signature));
    body.put("confirmation_code", code);
    if (authenticationCertificate != null) {
      body.put("authentication_certificate", base64url.encodeToString(authenticationCertificate));
    }
    HttpRequest request =
        HttpRequest.newBuilder(url.responseUri())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    Exchange exchange = send(request);
    if (exchange.status() == 204) {
      return;
    }
    if (exchange.status() >= 200 && exchange.status() < 300) {
      throw new TransactionException(
          ProtocolError.BAD_RESPONSE, "HTTP " + exchange.status() + " instead of 204");
    }
    throw serverError(exchange);
  }

  private record Exchange(int status, byte[] body, boolean json) {}

  private Exchange send(HttpRequest request) throws TransactionException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new TransactionException(
          ProtocolError.NETWORK, "no answer in time from " + request.uri());
    } catch (IOException e) {
      // A refused connection has no message of its own ("ConnectException: null"): name the URL
      // tried, so a wrong port or host is visible at once.
      throw new TransactionException(
          ProtocolError.NETWORK,
          "could not connect to "
              + request.uri()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransactionException(ProtocolError.NETWORK, "interrupted");
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw new TransactionException(ProtocolError.NETWORK, "the answer broke off");
    }
    if (!response.uri().equals(request.uri())) {
      // The HttpClient followed a redirect: the answer is not from the URL the resident scanned.
      throw new TransactionException(
          ProtocolError.ORIGIN_MISMATCH, "redirected to " + response.uri());
    }
    if (response.statusCode() >= 300 && response.statusCode() < 400) {
      throw new TransactionException(
          ProtocolError.ORIGIN_MISMATCH,
          "HTTP "
              + response.statusCode()
              + " to "
              + response.headers().firstValue("Location").orElse("?"));
    }
    if (body.length > MAX_BODY) {
      throw new TransactionException(ProtocolError.BAD_RESPONSE, "the answer is too large");
    }
    boolean json =
        response
            .headers()
            .firstValue("Content-Type")
            .map(type -> type.toLowerCase(Locale.ROOT).strip().startsWith("application/json"))
            .orElse(false);
    return new Exchange(response.statusCode(), body, json);
  }

  private static TransactionException serverError(Exchange exchange) {
    String status = "HTTP " + exchange.status();
    JsonNode root;
    try {
      root = JSON.readTree(exchange.body());
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null || !root.isObject() || !root.path("error").isString()) {
      return new TransactionException(
          "server_error", ServerErrors.residentMessage("server_error"), status);
    }
    String code = root.path("error").stringValue();
    if (!ERROR_CODE.matcher(code).matches()) {
      return new TransactionException(
          "server_error", ServerErrors.residentMessage("server_error"), status);
    }
    String description =
        root.path("error_description").isString()
            ? displayable(root.path("error_description").stringValue())
            : null;
    return new TransactionException(
        code,
        ServerErrors.residentMessage(code),
        status + (description != null && !description.isEmpty() ? ": " + description : ""));
  }

  private static JsonNode parse(byte[] body) throws TransactionException {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw new TransactionException(ProtocolError.BAD_RESPONSE, "not a JSON object");
      }
      return root;
    } catch (JacksonException e) {
      throw new TransactionException(ProtocolError.BAD_RESPONSE, "not JSON");
    }
  }

  private static String text(JsonNode root, String field) throws TransactionException {
    JsonNode value = root.get(field);
    if (value == null || !value.isString() || value.stringValue().isEmpty()) {
      throw new TransactionException(ProtocolError.BAD_RESPONSE, "no " + field);
    }
    return value.stringValue();
  }

  /**
   * Text from the server as it may be shown: control and format characters (a bidi override can
   * make a name read backwards) removed, at most 200 characters.
   */
  static String displayable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
    text.codePoints()
        .filter(
            c ->
                Character.getType(c) != Character.CONTROL
                    && Character.getType(c) != Character.FORMAT)
        .limit(200)
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
