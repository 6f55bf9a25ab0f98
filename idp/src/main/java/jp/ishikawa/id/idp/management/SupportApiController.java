package jp.ishikawa.id.idp.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What support staff ({@code ROLE_support}) may see of a resident: metadata only (status, when the
 * account was made, card validity and use, how many services hold a consent), never a verified
 * fact. Every lookup, found or not, is itself recorded ({@code support.resident_lookup}, with the
 * staff member's Ishikawa ID).
 */
@RestController
class SupportApiController {

  private final ResidentService residents;
  private final ConsentRecordService consents;
  private final AuditLog audit;

  SupportApiController(ResidentService residents, ConsentRecordService consents, AuditLog audit) {
    this.residents = residents;
    this.consents = consents;
    this.audit = audit;
  }

  @GetMapping("/api/admin/residents/{ishikawaId}")
  Map<String, Object> resident(@PathVariable String ishikawaId, Authentication staff) {
    Resident resident = residents.findByIshikawaId(ishikawaId).orElse(null);
    audit.record(
        "support.resident_lookup",
        resident == null ? "failure" : "success",
        resident == null ? "not_found" : null,
        resident == null ? null : resident.id(),
        null,
        "by " + staff.getName());
    if (resident == null) {
      throw ApiProblem.notFound("no resident has this Ishikawa ID");
    }
    List<ConsentRecord> history = consents.history(resident.id());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ishikawa_id", resident.ishikawaId());
    json.put("status", resident.status().name().toLowerCase(java.util.Locale.ROOT));
    json.put("created_at", resident.createdAt().toString());
    json.put(
        "cards",
        residents.bindings(resident.id()).stream().map(ResidentApiController::json).toList());
    json.put(
        "services_with_consent",
        history.stream()
            .filter(record -> ConsentRecord.GIVEN.equals(record.status()))
            .map(ConsentRecord::clientId)
            .distinct()
            .sorted()
            .toList());
    json.put("consent_records", history.size());
    return json;
  }
}
