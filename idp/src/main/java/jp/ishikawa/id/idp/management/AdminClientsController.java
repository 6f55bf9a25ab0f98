package jp.ishikawa.id.idp.management;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.client.ClientRefusal;
import jp.ishikawa.id.idp.client.ClientRegistration;
import jp.ishikawa.id.idp.client.ConsoleClients;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.token.ResidentAuthorizations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an admin ({@code ROLE_admin}) does with services (OIDC clients): list them (configured and
 * made in the console), create one, edit its name, redirect URIs, scopes and back-channel logout
 * URI, rotate its secret, replace its JWK set, disable and enable it. Rotating a secret and
 * disabling need a fresh card tap ({@link FreshCardTap}). Every change is audited ({@code
 * admin.client_*}, with the staff member's resident id and the client id; never a secret) and
 * reaches every node within seconds ({@link jp.ishikawa.id.idp.client.ClientChanges}).
 */
@RestController
class AdminClientsController {

  static final String CREATED = "admin.client_created";
  static final String UPDATED = "admin.client_updated";
  static final String SECRET_ROTATED = "admin.client_secret_rotated";
  static final String JWKS_UPDATED = "admin.client_jwks_updated";
  static final String DISABLED = "admin.client_disabled";
  static final String ENABLED = "admin.client_enabled";

  /** Problem codes of these endpoints (besides {@code invalid_request} and {@code not_found}). */
  static final String CLIENT_EXISTS = "client_exists";

  static final String CONFIGURED_CLIENT = "configured_client";
  static final String NO_SECRET = "no_secret";
  static final String MANAGEMENT_CLIENT = "management_client";

  private static final Set<String> JSON = Set.of("application/json");
  private static final Set<String> JWK_SET = Set.of("application/json", "application/jwk-set+json");

  private final ConsoleClients clients;
  private final ResidentAuthorizations authorizations;
  private final FreshCardTap freshTap;
  private final ResidentService residents;
  private final ManagementProperties management;
  private final AuditLog audit;

  AdminClientsController(
      ConsoleClients clients,
      ResidentAuthorizations authorizations,
      FreshCardTap freshTap,
      ResidentService residents,
      ManagementProperties management,
      AuditLog audit) {
    this.clients = clients;
    this.authorizations = authorizations;
    this.freshTap = freshTap;
    this.residents = residents;
    this.management = management;
    this.audit = audit;
  }

  @GetMapping("/api/admin/clients")
  List<Map<String, Object>> list() {
    return clients.list().stream().map(AdminClientsController::json).toList();
  }

  @GetMapping("/api/admin/clients/{clientId}")
  Map<String, Object> get(@PathVariable String clientId) {
    return json(clients.get(clientId));
  }

  @PostMapping("/api/admin/clients")
  ResponseEntity<Map<String, Object>> create(
      HttpServletRequest request, JwtAuthenticationToken caller) {
    ConsoleClients.Draft draft =
        AdminClientRequests.draft(
            AdminClientRequests.object(
                AdminClientRequests.body(request, JSON), AdminClientRequests.CREATE_FIELDS));
    String staff = staff(caller);
    ConsoleClients.WithSecret created = clients.create(draft, staff);
    audited(CREATED, staff, created.registration(), json(created.registration()).get("type"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client", json(created.registration()));
    if (created.clientSecret() != null) {
      body.put("clientSecret", created.clientSecret());
    }
    return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
  }

  @PatchMapping("/api/admin/clients/{clientId}")
  Map<String, Object> update(
      @PathVariable String clientId, HttpServletRequest request, JwtAuthenticationToken caller) {
    var json =
        AdminClientRequests.object(
            AdminClientRequests.body(request, JSON), AdminClientRequests.PATCH_FIELDS);
    ConsoleClients.Changes changes = AdminClientRequests.changes(json);
    String staff = staff(caller);
    ClientRegistration updated = clients.update(clientId, changes, staff);
    audited(UPDATED, staff, updated, "fields " + String.join(",", json.propertyNames()));
    return json(updated);
  }

  @PostMapping("/api/admin/clients/{clientId}/secret")
  ResponseEntity<Map<String, Object>> rotateSecret(
      @PathVariable String clientId, JwtAuthenticationToken caller) {
    freshTap.require(caller, "POST /api/admin/clients/{id}/secret");
    String staff = staff(caller);
    ConsoleClients.WithSecret rotated = clients.rotateSecret(clientId, staff);
    audited(SECRET_ROTATED, staff, rotated.registration(), null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientId", clientId);
    body.put("clientSecret", rotated.clientSecret());
    return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
  }

  @PutMapping("/api/admin/clients/{clientId}/jwks")
  Map<String, Object> replaceJwks(
      @PathVariable String clientId, HttpServletRequest request, JwtAuthenticationToken caller) {
    String jwks = AdminClientRequests.body(request, JWK_SET);
    String staff = staff(caller);
    ClientRegistration updated = clients.replaceJwks(clientId, jwks, staff);
    audited(JWKS_UPDATED, staff, updated, null);
    return json(updated);
  }

  /**
   * Disables the client and revokes every token it holds (consents are kept). A management client
   * cannot be disabled here: staff would lock themselves out of the console.
   */
  @PostMapping("/api/admin/clients/{clientId}/disable")
  Map<String, Object> disable(@PathVariable String clientId, JwtAuthenticationToken caller) {
    freshTap.require(caller, "POST /api/admin/clients/{id}/disable");
    if (management.getClients().contains(clientId)) {
      throw ApiProblem.of(
          HttpStatus.CONFLICT,
          MANAGEMENT_CLIENT,
          clientId + " is a management client: disabling it would lock staff out");
    }
    String staff = staff(caller);
    ClientRegistration disabled =
        clients.status(clientId, ClientRegistration.Status.DISABLED, staff);
    int revoked = authorizations.revokeAllOfClient(disabled.client().getId());
    audited(DISABLED, staff, disabled, revoked + " authorization(s) revoked");
    return json(disabled);
  }

  /** Enables the client; tokens a node issued in the moment before it heard of the disabling go. */
  @PostMapping("/api/admin/clients/{clientId}/enable")
  Map<String, Object> enable(@PathVariable String clientId, JwtAuthenticationToken caller) {
    String staff = staff(caller);
    ClientRegistration current = clients.get(clientId);
    if (!current.active()) {
      authorizations.revokeAllOfClient(current.client().getId());
    }
    ClientRegistration enabled = clients.status(clientId, ClientRegistration.Status.ACTIVE, staff);
    audited(ENABLED, staff, enabled, null);
    return json(enabled);
  }

  @ExceptionHandler(ClientRefusal.class)
  ResponseEntity<org.springframework.http.ProblemDetail> refused(ClientRefusal refusal) {
    ApiProblem problem =
        switch (refusal.kind()) {
          case INVALID -> ApiProblem.invalidRequest(refusal.getMessage());
          case NOT_FOUND -> ApiProblem.notFound(refusal.getMessage());
          case EXISTS -> ApiProblem.of(HttpStatus.CONFLICT, CLIENT_EXISTS, refusal.getMessage());
          case CONFIGURED ->
              ApiProblem.of(HttpStatus.CONFLICT, CONFIGURED_CLIENT, refusal.getMessage());
          case NO_SECRET -> ApiProblem.of(HttpStatus.CONFLICT, NO_SECRET, refusal.getMessage());
        };
    return ResponseEntity.status(problem.status())
        .body(
            ManagementApiAdvice.body(
                problem.status().value(), problem.code(), problem.getMessage()));
  }

  private String staff(JwtAuthenticationToken caller) {
    return residents
        .findByIshikawaId(caller.getName())
        .map(Resident::id)
        .orElseThrow(() -> new IllegalStateException("the token's resident is gone"));
  }

  private void audited(String event, String staff, ClientRegistration client, Object detail) {
    audit.record(
        event,
        "success",
        null,
        staff,
        client.client().getClientId(),
        detail == null ? null : String.valueOf(detail));
  }

  /** The {@code ClientView} of docs/management-api.openapi.yaml. */
  static Map<String, Object> json(ClientRegistration registration) {
    var client = registration.client();
    var settings = client.getClientSettings();
    var methods = client.getClientAuthenticationMethods();
    boolean machine =
        client
            .getAuthorizationGrantTypes()
            .contains(
                org.springframework.security.oauth2.core.AuthorizationGrantType.CLIENT_CREDENTIALS);
    String method = methods.isEmpty() ? "none" : methods.iterator().next().getValue();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("clientId", client.getClientId());
    json.put("name", client.getClientName());
    json.put("source", registration.source().code());
    json.put("status", registration.status().code());
    json.put("type", machine ? "machine" : method.equals("none") ? "public" : "confidential");
    json.put("tokenEndpointAuthMethod", method);
    json.put("redirectUris", List.copyOf(client.getRedirectUris()));
    json.put("postLogoutRedirectUris", List.copyOf(client.getPostLogoutRedirectUris()));
    json.put("scopes", List.copyOf(new java.util.TreeSet<>(client.getScopes())));
    json.put(
        "subjectType",
        settings.<Object>getSetting(jp.ishikawa.id.idp.client.ClientSettingNames.SUBJECT_TYPE));
    json.put(
        "backchannelLogoutUri",
        settings.<Object>getSetting(
            jp.ishikawa.id.idp.client.ClientSettingNames.BACKCHANNEL_LOGOUT_URI));
    json.put(
        "hasJwks",
        settings.getSetting(jp.ishikawa.id.idp.client.ClientSettingNames.JWKS) != null
            || settings.getJwkSetUrl() != null);
    json.put("createdAt", registration.createdAt().toString());
    json.put("updatedAt", registration.updatedAt().toString());
    return json;
  }
}
