package jp.ishikawa.id.idp.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.token.SigningKeyStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The IdP's token signing keys for staff: the list ({@code ROLE_admin} or {@code ROLE_auditor}) and
 * "rotate now" ({@code ROLE_admin}, with a fresh card tap). Never key material: the kid, the
 * algorithm, the state and its times ({@code KeyView} in docs/management-api.openapi.yaml).
 */
@RestController
class AdminKeysController {

  static final String ROTATE = "POST /api/admin/keys/rotate";
  static final String ROTATED_EVENT = "admin.keys_rotated";

  private final SigningKeyStore keys;
  private final FreshCardTap freshTap;
  private final AuditLog audit;
  private final ResidentService residents;

  AdminKeysController(
      SigningKeyStore keys, FreshCardTap freshTap, AuditLog audit, ResidentService residents) {
    this.keys = keys;
    this.freshTap = freshTap;
    this.audit = audit;
    this.residents = residents;
  }

  /** The published keys: next, active and retired, by algorithm, newest first. */
  @GetMapping("/api/admin/keys")
  List<Map<String, Object>> list() {
    return keys.describe().stream().map(AdminKeysController::json).toList();
  }

  /**
   * New ES256 and RS256 keys: published at once (by every node within the refresh interval),
   * signing after the publication delay; the keys they replace stay published until every token
   * they signed has expired. {@code 202}: the change is accepted now and takes effect later.
   */
  @PostMapping("/api/admin/keys/rotate")
  ResponseEntity<List<Map<String, Object>>> rotate(JwtAuthenticationToken caller) {
    freshTap.require(caller, ROTATE);
    List<SigningKeyStore.KeyInfo> rotated = keys.rotateNow();
    audit.record(
        ROTATED_EVENT,
        "success",
        null,
        residents.findByIshikawaId(caller.getName()).map(Resident::id).orElse(null),
        caller.getToken().getClaimAsString("client_id"),
        "by "
            + caller.getName()
            + ": "
            + String.join(
                ", ", rotated.stream().map(k -> k.algorithm() + " kid " + k.kid()).toList()));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(rotated.stream().map(AdminKeysController::json).toList());
  }

  static Map<String, Object> json(SigningKeyStore.KeyInfo key) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kid", key.kid());
    json.put("algorithm", key.algorithm());
    json.put("status", key.status());
    json.put("createdAt", ResidentApiController.text(key.createdAt()));
    json.put("signsFrom", ResidentApiController.text(key.signsFrom()));
    json.put("retiredAt", ResidentApiController.text(key.retiredAt()));
    json.put("publishedUntil", ResidentApiController.text(key.publishedUntil()));
    return json;
  }
}
