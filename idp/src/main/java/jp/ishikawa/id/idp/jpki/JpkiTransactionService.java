package jp.ishikawa.id.idp.jpki;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.AuthenticationCredential;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.identity.VerifiedFacts;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.idp.web.RateLimiter;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The card-reader protocol's logic (ARCHITECTURE.md, wire protocol v1): creates transactions for a
 * browser session, describes them to card clients, verifies card responses, and hands the result to
 * the browser session that created the transaction, once.
 *
 * <p>A response is checked in this order, and the first response consumes the transaction whatever
 * its fate: transaction exists → not expired → claim (atomic; a second response gets {@code
 * consumed}) → confirmation code (number matching: a relayed QR code fails here) → the certificate
 * and signature over the message the server rebuilds itself ({@link JpkiVerifier}) → what the
 * intent asks (log in, register or renew, update facts).
 */
@Service
public class JpkiTransactionService {

  private static final Logger log = LoggerFactory.getLogger(JpkiTransactionService.class);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** A transaction as the browser receives it. */
  public record CreatedTransaction(JpkiTransaction transaction, URI transactionUrl, URI appLink) {}

  /**
   * The card client's answer.
   *
   * @param certificate the certificate of the key that signed, base64url DER
   * @param signature the signature, base64url
   * @param confirmationCode the code the resident typed
   * @param authenticationCertificate for identity answers, the same card's authentication
   *     certificate, base64url DER; null otherwise
   */
  public record CardResponse(
      String certificate,
      String signature,
      String confirmationCode,
      String authenticationCertificate) {}

  private final JpkiTransactionStore store;
  private final JpkiVerifier verifier;
  private final ResidentService residents;
  private final AuditLog audit;
  private final RateLimiter rateLimiter;
  private final IshikawaIdProperties properties;
  private final Clock clock;
  private final SecureRandom random;

  public JpkiTransactionService(
      JpkiTransactionStore store,
      JpkiVerifier verifier,
      ResidentService residents,
      AuditLog audit,
      RateLimiter rateLimiter,
      IshikawaIdProperties properties,
      Clock clock,
      SecureRandom random) {
    this.store = store;
    this.verifier = verifier;
    this.residents = residents;
    this.audit = audit;
    this.rateLimiter = rateLimiter;
    this.properties = properties;
    this.clock = clock;
    this.random = random;
  }

  /** The origin card clients connect to, and which they put in the signed message. */
  public String origin() {
    return JpkiSignedMessage.originOf(properties.getIssuer());
  }

  /**
   * Creates a transaction for the browser session holding {@code binding}.
   *
   * @param remoteAddress the browser's address as this server sees it (behind the front proxy: from
   *     {@code X-Forwarded-For})
   * @throws JpkiProtocolException {@code rate_limited} when the client address, or the session,
   *     creates too many: a flood through many fresh sessions from one address is stopped too
   */
  public CreatedTransaction create(
      TransactionIntent intent,
      String binding,
      String clientId,
      String serviceName,
      String residentId,
      AuthenticationCredential pendingCredential,
      String remoteAddress) {
    if (!rateLimiter.tryAcquire(
        "txn-create-address:" + remoteAddress,
        properties.getTransactions().getPerAddressPerMinute(),
        Duration.ofMinutes(1))) {
      throw new JpkiProtocolException(
          JpkiError.RATE_LIMITED, "too many login attempts from this address; wait a minute");
    }
    if (!rateLimiter.tryAcquire(
        "txn-create:" + binding,
        properties.getTransactions().getPerSessionPerMinute(),
        Duration.ofMinutes(1))) {
      throw new JpkiProtocolException(
          JpkiError.RATE_LIMITED, "too many login attempts; wait a minute");
    }
    Instant now = clock.instant();
    byte[] id = new byte[16];
    random.nextBytes(id);
    byte[] challenge = new byte[32];
    random.nextBytes(challenge);
    JpkiTransaction transaction =
        new JpkiTransaction(
            BASE64URL.encodeToString(id),
            intent,
            binding,
            BASE64URL.encodeToString(challenge),
            String.format("%02d", random.nextInt(100)),
            clientId,
            serviceName,
            residentId,
            pendingCredential,
            now,
            now.plus(properties.getTransactions().getLifetime()),
            TransactionState.PENDING,
            null);
    store.create(transaction);
    URI url = transactionUrl(transaction.id());
    URI appLink =
        URI.create(
            "ishikawa-id://jpki?url=" + URLEncoder.encode(url.toString(), StandardCharsets.UTF_8));
    return new CreatedTransaction(transaction, url, appLink);
  }

  /**
   * The transaction URL of {@code txn}.
   *
   * @throws JpkiProtocolException {@code not_found} when {@code txn} is not of the transaction id
   *     form (22 base64url characters): nothing else is ever put into a URL or a page
   */
  public URI transactionUrl(String txn) {
    requireWellFormed(txn);
    return URI.create(origin() + "/jpki/transactions/" + txn);
  }

  private static void requireWellFormed(String txn) {
    if (txn == null || !txn.matches("[A-Za-z0-9_-]{22}")) {
      throw new JpkiProtocolException(JpkiError.NOT_FOUND, "no such transaction");
    }
  }

  /**
   * What a card client sees before asking for the PIN.
   *
   * @throws JpkiProtocolException {@code not_found}, {@code expired} or {@code consumed}
   */
  public JpkiTransaction describe(String txn) {
    JpkiTransaction transaction = find(txn);
    if (transaction.state() != TransactionState.PENDING) {
      throw new JpkiProtocolException(JpkiError.CONSUMED, "this transaction was already answered");
    }
    return transaction;
  }

  /**
   * Verifies a card response and does what the transaction's intent asks.
   *
   * @throws JpkiProtocolException with the reason the response was refused
   */
  public void respond(String txn, CardResponse response, String remoteAddress) {
    if (!rateLimiter.tryAcquire(
        "txn-response:" + remoteAddress,
        properties.getTransactions().getResponsesPerAddressPerMinute(),
        Duration.ofMinutes(1))) {
      throw new JpkiProtocolException(
          JpkiError.RATE_LIMITED, "too many responses from this address");
    }
    JpkiTransaction transaction = find(txn);
    // The first response consumes the transaction, good or bad (ARCHITECTURE.md): claim it before
    // looking at anything the client sent.
    if (!store.claim(txn)) {
      throw new JpkiProtocolException(JpkiError.CONSUMED, "this transaction was already answered");
    }
    TransactionResult result;
    try {
      result = process(transaction, response);
    } catch (JpkiProtocolException e) {
      result = TransactionResult.failed(e.error().code(), clock.instant());
    } catch (RuntimeException e) {
      // Fail closed, and never leave the transaction claimed but unfinished.
      log.error("card response processing failed: {}", e.getClass().getName(), e);
      result = TransactionResult.failed(JpkiError.SERVER_ERROR.code(), clock.instant());
    }
    store.finish(txn, result);
    try {
      audit.record(
          "jpki.response",
          result.succeeded() ? "success" : "failure",
          result.succeeded() ? result.outcome() : result.failure(),
          result.residentId(),
          transaction.clientId(),
          transaction.intent().name());
    } catch (DataAccessException e) {
      // The outcome stands either way (a refusal is a refusal; a login was already written in
      // its own transaction); an operator sees this error in the log instead of the trail.
      log.error("audit trail unavailable for a card response: {}", e.getClass().getName());
    }
    if (!result.succeeded()) {
      JpkiError error = JpkiError.fromCode(result.failure());
      throw new JpkiProtocolException(error, describe(error));
    }
  }

  private TransactionResult process(JpkiTransaction transaction, CardResponse response) {
    byte[] certificate = decode(response.certificate(), "certificate");
    byte[] signature = decode(response.signature(), "signature");
    String typedCode = response.confirmationCode();
    if (typedCode == null || !typedCode.matches("[0-9]{2}")) {
      throw new JpkiProtocolException(
          JpkiError.INVALID_REQUEST, "confirmation_code must be two digits");
    }
    Instant now = clock.instant();
    if (!MessageDigest.isEqual(
        typedCode.getBytes(StandardCharsets.US_ASCII),
        transaction.confirmationCode().getBytes(StandardCharsets.US_ASCII))) {
      return TransactionResult.failed(JpkiError.WRONG_CODE.code(), now);
    }
    byte[] message =
        JpkiSignedMessage.build(
            origin(),
            transaction.id(),
            transaction.intent().purpose().code(),
            transaction.challenge(),
            transaction.confirmationCode());
    VerificationResult verification =
        verifier.verify(transaction.intent().purpose(), certificate, message, signature);
    if (verification instanceof Rejected rejected) {
      audit.record(
          "jpki.verification",
          "failure",
          rejected.reason().code(),
          transaction.residentId(),
          transaction.clientId(),
          rejected.step().code() + ": " + rejected.detail());
      return TransactionResult.failed(JpkiError.of(rejected.reason()).code(), now);
    }
    Verified verified = (Verified) verification;
    if (transaction.intent() != TransactionIntent.LOGIN) {
      TransactionResult mismatch = checkSameCard(transaction, response, now);
      if (mismatch != null) {
        return mismatch;
      }
    }
    String acr = AuthenticationContextClass.forRevocation(verified.revocationChecked());
    try {
      return switch (transaction.intent()) {
        case LOGIN -> login(verified, acr, now);
        case REGISTER -> register(transaction, verified, acr, now);
        case UPDATE_FACTS -> updateFacts(transaction, verified, now);
      };
    } catch (ResidentService.RegistrationRefused refused) {
      return TransactionResult.failed(refused.code(), now);
    }
  }

  /**
   * Facts may only be attached to the card that logged in: the identity answer names its card's
   * authentication certificate, which must be the one being registered, or one bound to the
   * resident updating their facts. Without this, a relayed QR code answered with someone else's
   * card at the login step would let the victim's facts register that card to the victim.
   */
  private TransactionResult checkSameCard(
      JpkiTransaction transaction, CardResponse response, Instant now) {
    String fingerprint =
        Fingerprint.sha256(
            decode(response.authenticationCertificate(), "authentication_certificate"));
    boolean same =
        switch (transaction.intent()) {
          case REGISTER -> transaction.pendingCredential().fingerprint().equals(fingerprint);
          case UPDATE_FACTS ->
              residents
                  .findByCredential(fingerprint)
                  .map(resident -> resident.id().equals(transaction.residentId()))
                  .orElse(false);
          case LOGIN -> true;
        };
    return same ? null : TransactionResult.failed(JpkiError.CARD_MISMATCH.code(), now);
  }

  private TransactionResult login(Verified verified, String acr, Instant now) {
    AuthenticationCredential credential = AuthenticationCredential.of(verified);
    Optional<Resident> resident = residents.findByCredential(credential.fingerprint());
    if (resident.isEmpty()) {
      return new TransactionResult(null, "unregistered", null, credential, acr, now);
    }
    if (!resident.get().active()) {
      return TransactionResult.failed(JpkiError.ACCOUNT_DEACTIVATED.code(), now);
    }
    residents.recordLogin(credential.fingerprint());
    return new TransactionResult(null, "login", resident.get().id(), null, acr, now);
  }

  private TransactionResult register(
      JpkiTransaction transaction, Verified verified, String acr, Instant now) {
    VerifiedFacts facts =
        new VerifiedFacts(
            verified.facts(),
            now,
            VerifiedFacts.JPKI_SIGNATURE_CERTIFICATE,
            verified.root().label());
    ResidentService.RegistrationOutcome outcome =
        residents.registerWithFacts(
            transaction.pendingCredential(), facts, verified.credential().sha256Fingerprint());
    String name =
        switch (outcome) {
          case ResidentService.Registered r -> "registered";
          case ResidentService.Renewed r -> "renewed";
          case ResidentService.AlreadyBound r -> "login";
        };
    // The login's own revocation status decides the acr: it is the authentication certificate
    // that logs the resident in.
    String loginAcr =
        AuthenticationContextClass.forRevocation(
            transaction.pendingCredential().revocationChecked());
    return new TransactionResult(null, name, outcome.resident().id(), null, loginAcr, now);
  }

  private TransactionResult updateFacts(
      JpkiTransaction transaction, Verified verified, Instant now) {
    residents.updateFacts(
        transaction.residentId(),
        new VerifiedFacts(
            verified.facts(),
            now,
            VerifiedFacts.JPKI_SIGNATURE_CERTIFICATE,
            verified.root().label()),
        verified.credential().sha256Fingerprint());
    return new TransactionResult(null, "facts_updated", transaction.residentId(), null, null, now);
  }

  /**
   * The transaction, for the browser session that created it.
   *
   * @throws JpkiProtocolException {@code not_found} for another session's transaction: it must not
   *     learn that the transaction exists
   */
  public JpkiTransaction followedBy(String txn, String binding) {
    JpkiTransaction transaction =
        store
            .find(txn)
            .orElseThrow(
                () -> new JpkiProtocolException(JpkiError.NOT_FOUND, "no such transaction"));
    if (binding == null
        || !MessageDigest.isEqual(
            binding.getBytes(StandardCharsets.US_ASCII),
            transaction.binding().getBytes(StandardCharsets.US_ASCII))) {
      throw new JpkiProtocolException(JpkiError.NOT_FOUND, "no such transaction");
    }
    return transaction;
  }

  /**
   * Hands a completed transaction's result to the session that created it, exactly once.
   *
   * @throws JpkiProtocolException when the transaction is not this session's, expired, not
   *     completed, or already picked up
   */
  public TransactionResult pickUp(String txn, String binding) {
    JpkiTransaction transaction = followedBy(txn, binding);
    // A result is picked up within the transaction's lifetime, or never: a completed login left
    // lying in a session must not sign anyone in later.
    if (transaction.expiredAt(clock.instant())) {
      throw new JpkiProtocolException(JpkiError.EXPIRED, "this transaction has expired");
    }
    if (transaction.state() == TransactionState.FAILED) {
      throw new JpkiProtocolException(
          JpkiError.fromCode(transaction.result().failure()), "the card response was refused");
    }
    if (transaction.state() != TransactionState.COMPLETED || !store.markUsed(txn)) {
      throw new JpkiProtocolException(
          JpkiError.CONSUMED, "this login was already completed or is not finished");
    }
    return transaction.result();
  }

  private JpkiTransaction find(String txn) {
    requireWellFormed(txn);
    JpkiTransaction transaction =
        store
            .find(txn)
            .orElseThrow(
                () -> new JpkiProtocolException(JpkiError.NOT_FOUND, "no such transaction"));
    if (transaction.expiredAt(clock.instant())) {
      throw new JpkiProtocolException(JpkiError.EXPIRED, "this transaction has expired");
    }
    return transaction;
  }

  private static byte[] decode(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new JpkiProtocolException(JpkiError.INVALID_REQUEST, field + " is missing");
    }
    if (!value.matches("[A-Za-z0-9_-]+")) {
      throw new JpkiProtocolException(
          JpkiError.INVALID_REQUEST, field + " must be base64url without padding");
    }
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new JpkiProtocolException(JpkiError.INVALID_REQUEST, field + " is not valid base64url");
    }
  }

  static String describe(JpkiError error) {
    return switch (error) {
      case WRONG_CODE -> "the confirmation code does not match the one on the screen";
      case BAD_SIGNATURE -> "the signature does not verify over this transaction's message";
      case UNTRUSTED_ISSUER -> "the certificate was not issued by a trusted JPKI CA";
      case WRONG_PURPOSE -> "the certificate is for the other purpose (login vs identity)";
      case CERTIFICATE_EXPIRED -> "the certificate has expired";
      case CERTIFICATE_NOT_YET_VALID -> "the certificate is not valid yet";
      case INVALID_CERTIFICATE -> "the certificate is not a JPKI card certificate";
      case REVOKED -> "the certificate is revoked";
      case REVOCATION_UNAVAILABLE -> "the revocation status cannot be checked right now";
      case NO_BASIC_FACTS -> "the signature certificate carries no basic facts";
      case ACCOUNT_DEACTIVATED -> "the account of this card is deactivated";
      case REGISTRATION_CONFLICT -> "the registration conflicts with an existing account";
      case CARD_MISMATCH ->
          "authentication_certificate must be the card that logged in (registration, facts update)";
      default -> "the card response was refused";
    };
  }
}
