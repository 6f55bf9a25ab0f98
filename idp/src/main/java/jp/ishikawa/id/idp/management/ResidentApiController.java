package jp.ishikawa.id.idp.management;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.account.AccountDeactivation;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.identity.CredentialBinding;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.token.ResidentAuthorizations;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident's own data ({@code ROLE_resident}): consents with their history, withdrawal, the
 * linked cards, a consent receipt. The caller is the token's {@code sub} and nothing else: no
 * endpoint takes a resident's identifier, and a consent id that is not the caller's is {@code 404
 * not_found} (as one that does not exist; RFC 9110 §15.5.5), recorded as {@code management.refused}
 * with reason {@code not_own_consent}. Deactivating the Ishikawa ID needs a fresh card tap.
 */
@RestController
class ResidentApiController {

  static final String DEACTIVATE = "POST /api/me/deactivate";

  private final ResidentService residents;
  private final ConsentRecordService consents;
  private final AuditLog audit;
  private final RegisteredClientRepository clients;
  private final ResidentAuthorizations authorizations;
  private final FreshCardTap freshTap;
  private final AccountDeactivation deactivation;

  ResidentApiController(
      ResidentService residents,
      ConsentRecordService consents,
      AuditLog audit,
      RegisteredClientRepository clients,
      ResidentAuthorizations authorizations,
      FreshCardTap freshTap,
      AccountDeactivation deactivation) {
    this.residents = residents;
    this.consents = consents;
    this.audit = audit;
    this.clients = clients;
    this.authorizations = authorizations;
    this.freshTap = freshTap;
    this.deactivation = deactivation;
  }

  /**
   * Every consent record of the caller, newest first: given, superseded and withdrawn; with the
   * service's display name today and when it last got a token for the caller.
   */
  @GetMapping("/api/me/consents")
  Map<String, Object> consents(Authentication caller) {
    Resident resident = resident(caller);
    Map<String, Instant> lastUsed = authorizations.lastTokenIssuedAt(resident.ishikawaId());
    Map<String, String> names = new HashMap<>();
    return Map.of(
        "consents",
        consents.history(resident.id()).stream()
            .map(
                record ->
                    json(
                        record,
                        names.computeIfAbsent(
                            record.registeredClientId(), id -> clientName(id, record)),
                        lastUsed.get(record.registeredClientId())))
            .toList());
  }

  /**
   * Deactivates the caller's Ishikawa ID after a fresh card tap, through the same path as the
   * account page ({@link AccountDeactivation}): consents withdrawn, back-channel logout queued for
   * every service, passkeys removed, every token revoked, this one included.
   */
  @PostMapping("/api/me/deactivate")
  ResponseEntity<Void> deactivate(JwtAuthenticationToken caller) {
    freshTap.require(caller, DEACTIVATE);
    deactivation.deactivate(resident(caller), "management api");
    return ResponseEntity.noContent().build();
  }

  /**
   * Withdraws the caller's consent to the service of this record, through the same path as the
   * account page: the service's records end as {@code withdrawn} and every token it holds for the
   * resident is revoked.
   */
  @PostMapping("/api/me/consents/{id}/withdraw")
  Map<String, Object> withdraw(@PathVariable String id, Authentication caller) {
    Resident resident = resident(caller);
    ConsentRecord record = own(resident, id);
    if (!ConsentRecord.GIVEN.equals(record.status())) {
      throw ApiProblem.notCurrent(
          "this consent is " + record.status() + ": only a given consent can be withdrawn");
    }
    consents.withdraw(resident, record.registeredClientId());
    ConsentRecord withdrawn = own(resident, id);
    return json(
        withdrawn,
        clientName(withdrawn.registeredClientId(), withdrawn),
        authorizations.lastTokenIssuedAt(resident.ishikawaId()).get(record.registeredClientId()));
  }

  /** A consent receipt for one record (ISO/IEC TS 27560, Kantara Consent Receipt v1.1 fields). */
  @GetMapping("/api/me/consents/{id}/receipt")
  Map<String, Object> receipt(@PathVariable String id, Authentication caller) {
    Resident resident = resident(caller);
    return ConsentReceipt.of(own(resident, id), resident);
  }

  /** The card certificates bound to the caller: kind, root generation, validity, use. */
  @GetMapping("/api/me/cards")
  Map<String, Object> cards(Authentication caller) {
    Resident resident = resident(caller);
    return Map.of(
        "cards",
        residents.bindings(resident.id()).stream().map(ResidentApiController::json).toList());
  }

  private Resident resident(Authentication caller) {
    return residents
        .findByIshikawaId(caller.getName())
        .orElseThrow(() -> new IllegalStateException("the token's resident is gone"));
  }

  private ConsentRecord own(Resident resident, String id) {
    List<ConsentRecord> history = consents.history(resident.id());
    for (ConsentRecord record : history) {
      if (record.id().equals(id)) {
        return record;
      }
    }
    audit.record(
        ManagementApiRefusals.EVENT,
        "failure",
        "not_own_consent",
        resident.id(),
        null,
        "consent " + (id.length() > 64 ? id.substring(0, 64) : id));
    throw ApiProblem.notFound("no consent of yours has this id");
  }

  /** The service's display name now; the name recorded with the consent once it is gone. */
  private String clientName(String registeredClientId, ConsentRecord record) {
    RegisteredClient client = clients.findById(registeredClientId);
    return client == null ? record.controller() : client.getClientName();
  }

  static Map<String, Object> json(ConsentRecord record, String clientName, Instant lastUsedAt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", record.id());
    json.put("client_id", record.clientId());
    json.put("client_name", clientName);
    json.put("service", record.controller());
    json.put("status", record.status());
    json.put("data_items", record.dataItems());
    json.put("purposes", record.purposes());
    json.put("legal_basis", record.legalBasis());
    json.put("policy_version", record.policyVersion());
    json.put("collection_method", record.collectionMethod());
    json.put("given_at", text(record.givenAt()));
    json.put("withdrawn_at", text(record.withdrawnAt()));
    json.put("expires_at", text(record.expiresAt()));
    json.put("last_used_at", text(lastUsedAt));
    return json;
  }

  static Map<String, Object> json(CredentialBinding binding) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", binding.id());
    json.put("root_label", binding.rootLabel());
    json.put("not_before", text(binding.notBefore()));
    json.put("not_after", text(binding.notAfter()));
    json.put("bound_at", text(binding.boundAt()));
    json.put("last_used_at", text(binding.lastUsedAt()));
    return json;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
