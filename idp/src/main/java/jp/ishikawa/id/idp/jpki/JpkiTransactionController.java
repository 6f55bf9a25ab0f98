package jp.ishikawa.id.idp.jpki;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.web.QrCodes;
import jp.ishikawa.id.idp.web.RequestBodyLimitFilter;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The card-reader wire protocol v1 over HTTP (docs/card-protocol.md). Field names are exactly those
 * of ARCHITECTURE.md; errors are {@code {error, error_description}} with stable codes.
 */
@RestController
@RequestMapping("/jpki/transactions")
public class JpkiTransactionController {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(JpkiTransactionController.class);

  /** How long a client told {@code 429 rate_limited} should wait: one rate-limit window. */
  static final String RETRY_AFTER_SECONDS = "60";

  /** The name card clients show when the resident logs in to the IdP itself. */
  public static final String OWN_SERVICE_NAME = "いしかわID / Ishikawa ID";

  private final JpkiTransactionService transactions;
  private final TransactionEvents events;
  private final ResidentService residents;
  private final RegisteredClientRepository clients;
  private final Clock clock;
  private final SecureRandom random;
  private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

  public JpkiTransactionController(
      JpkiTransactionService transactions,
      TransactionEvents events,
      ResidentService residents,
      RegisteredClientRepository clients,
      Clock clock,
      SecureRandom random) {
    this.transactions = transactions;
    this.events = events;
    this.residents = residents;
    this.clients = clients;
    this.clock = clock;
    this.random = random;
  }

  /** browser: {@code POST /jpki/transactions {purpose}}. */
  @PostMapping(
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> create(
      @RequestBody Map<String, Object> body,
      HttpServletRequest request,
      HttpServletResponse response,
      Authentication authentication) {
    Object purpose = body.get("purpose");
    HttpSession session = request.getSession(true);
    String binding = BrowserSession.binding(session, random);
    Optional<RegisteredClient> client = clientBeingLoggedInTo(request, response);
    String clientId = client.map(RegisteredClient::getClientId).orElse(null);
    String serviceName = client.map(RegisteredClient::getClientName).orElse(OWN_SERVICE_NAME);
    JpkiTransactionService.CreatedTransaction created;
    if ("login".equals(purpose)) {
      created =
          transactions.create(
              TransactionIntent.LOGIN,
              binding,
              clientId,
              serviceName,
              null,
              null,
              request.getRemoteAddr());
    } else if ("identity".equals(purpose)) {
      Optional<BrowserSession.PendingRegistration> pending =
          BrowserSession.pendingRegistration(session);
      if (pending.isPresent()) {
        created =
            transactions.create(
                TransactionIntent.REGISTER,
                binding,
                clientId,
                serviceName,
                null,
                pending.get().credential(),
                request.getRemoteAddr());
      } else if (ResidentAuthentication.isResident(authentication)) {
        Resident resident =
            residents
                .findByIshikawaId(authentication.getName())
                .orElseThrow(
                    () -> new JpkiProtocolException(JpkiError.INVALID_REQUEST, "unknown resident"));
        created =
            transactions.create(
                TransactionIntent.UPDATE_FACTS,
                binding,
                clientId,
                serviceName,
                resident.id(),
                null,
                request.getRemoteAddr());
      } else {
        throw new JpkiProtocolException(
            JpkiError.INVALID_REQUEST,
            "an identity transaction needs a registration in progress or a login");
      }
    } else {
      throw new JpkiProtocolException(
          JpkiError.INVALID_REQUEST, "purpose must be login or identity");
    }
    JpkiTransaction t = created.transaction();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("txn", t.id());
    json.put("qr_url", created.transactionUrl().toString());
    json.put("app_link", created.appLink().toString());
    json.put("confirmation_code", t.confirmationCode());
    json.put("expires_at", rfc3339(t.expiresAt()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(json);
  }

  /** client: {@code GET /jpki/transactions/{txn}} with {@code Accept: application/json}. */
  @GetMapping(value = "/{txn}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> describe(@PathVariable String txn) {
    JpkiTransaction t = transactions.describe(txn);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("txn", t.id());
    json.put("purpose", t.intent().purpose().code());
    json.put("service_name", t.serviceName());
    json.put("challenge", t.challenge());
    json.put("expires_at", rfc3339(t.expiresAt()));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(json);
  }

  /** A browser that opened the QR code's URL: a page telling the resident how to use the card. */
  @GetMapping(value = "/{txn}", produces = MediaType.TEXT_HTML_VALUE)
  public ModelAndView howToUseTheCard(@PathVariable String txn) {
    ModelAndView page = new ModelAndView("jpki/transaction");
    String url = transactions.transactionUrl(txn).toString();
    page.addObject("transactionUrl", url);
    page.addObject(
        "appLink",
        "ishikawa-id://jpki?url="
            + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8));
    return page;
  }

  /** client: {@code POST /jpki/transactions/{txn}/response}. */
  @PostMapping(value = "/{txn}/response", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Void> respond(
      @PathVariable String txn, @RequestBody Map<String, Object> body, HttpServletRequest request) {
    transactions.respond(
        txn,
        new JpkiTransactionService.CardResponse(
            text(body, "certificate"),
            text(body, "signature"),
            text(body, "confirmation_code"),
            text(body, "authentication_certificate")),
        request.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }

  /** browser: the status as server-sent events. */
  @GetMapping(value = "/{txn}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events(@PathVariable String txn, HttpServletRequest request) {
    return events.follow(txn, binding(request));
  }

  /** browser: the status once, for the polling fallback. */
  @GetMapping(value = "/{txn}/events", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> status(
      @PathVariable String txn, HttpServletRequest request) {
    JpkiTransaction t = transactions.followedBy(txn, binding(request));
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(TransactionStatus.of(t, clock.instant()).toJson());
  }

  /** browser: the QR code of the transaction URL. */
  @GetMapping(value = "/{txn}/qr.svg", produces = "image/svg+xml")
  public ResponseEntity<String> qrCode(@PathVariable String txn, HttpServletRequest request) {
    transactions.followedBy(txn, binding(request));
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.valueOf("image/svg+xml"))
        .body(QrCodes.svg(transactions.transactionUrl(txn).toString()));
  }

  @ExceptionHandler(JpkiProtocolException.class)
  public ResponseEntity<Map<String, String>> refused(JpkiProtocolException e) {
    return error(e.error(), e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<Map<String, String>> unreadable(Exception e) {
    if (RequestBodyLimitFilter.BodyTooSlow.causes(e)) {
      return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
          .header(HttpHeaders.CONNECTION, "close")
          .cacheControl(CacheControl.noStore())
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              Map.of(
                  "error", "request_timeout",
                  "error_description", "the request body did not arrive in time"));
    }
    if (RequestBodyLimitFilter.BodyTooLarge.causes(e)) {
      return error(
          JpkiError.PAYLOAD_TOO_LARGE,
          "the request body is larger than " + RequestBodyLimitFilter.MAX_BYTES + " bytes");
    }
    return error(JpkiError.INVALID_REQUEST, "the request body must be a JSON object");
  }

  /** Anything unexpected (the database down, a bug): a clear JSON error, never a stack trace. */
  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<Map<String, String>> failed(RuntimeException e) {
    log.error("card protocol request failed: {}", e.getClass().getName(), e);
    return error(
        JpkiError.SERVER_ERROR, "the server could not process the request; try again later");
  }

  static ResponseEntity<Map<String, String>> error(JpkiError error, String description) {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("error", error.code());
    json.put("error_description", description);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status());
    if (error == JpkiError.RATE_LIMITED) {
      // RFC 9110 §10.2.3: every limit counts in one-minute windows; a window ends within 60 s.
      response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return response
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_JSON)
        .body(json);
  }

  /** RFC 3339 to the second: easy for every client's date parser. */
  static String rfc3339(java.time.Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static String binding(HttpServletRequest request) {
    return BrowserSession.existingBinding(request.getSession(false)).orElse(null);
  }

  private static String text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    return value instanceof String s ? s : null;
  }

  /** The relying party whose authorization request is waiting for this login, if any. */
  private Optional<RegisteredClient> clientBeingLoggedInTo(
      HttpServletRequest request, HttpServletResponse response) {
    SavedRequest saved = requestCache.getRequest(request, response);
    if (saved == null) {
      return Optional.empty();
    }
    String[] clientIds = saved.getParameterValues("client_id");
    if (clientIds == null || clientIds.length != 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(clients.findByClientId(clientIds[0]));
  }
}
