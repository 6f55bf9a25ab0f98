package jp.ishikawa.id.idp.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.audit.AuditChainVerifier;
import jp.ishikawa.id.idp.audit.AuditCommand;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.audit.AuditSearch;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an auditor ({@code ROLE_auditor}) reads: the audit trail (search, chain verification) and
 * consent statistics. Unknown query parameters are refused ({@code 400 invalid_request}), never
 * ignored.
 */
@RestController
class AuditorApiController {

  static final Duration LONGEST_STATISTICS_RANGE = Duration.ofDays(366);

  private static final Set<String> SEARCH_PARAMETERS =
      Set.of("from", "to", "event", "client", "ishikawaId", "limit");
  private static final Set<String> STATISTICS_PARAMETERS = Set.of("from", "to");

  private final AuditSearch search;
  private final AuditChainVerifier verifier;
  private final ConsentStatistics statistics;
  private final ResidentService residents;
  private final Clock clock;

  AuditorApiController(
      AuditSearch search,
      AuditChainVerifier verifier,
      ConsentStatistics statistics,
      ResidentService residents,
      Clock clock) {
    this.search = search;
    this.verifier = verifier;
    this.statistics = statistics;
    this.residents = residents;
    this.clock = clock;
  }

  @GetMapping("/api/admin/audit")
  Map<String, Object> search(@RequestParam Map<String, String> parameters) {
    only(parameters, SEARCH_PARAMETERS);
    String ishikawaId = parameters.get("ishikawaId");
    String residentId = null;
    if (ishikawaId != null) {
      residentId = residents.findByIshikawaId(ishikawaId).map(Resident::id).orElse(null);
      if (residentId == null) {
        return Map.of("events", java.util.List.of());
      }
    }
    int limit;
    try {
      limit = Integer.parseInt(parameters.getOrDefault("limit", "100"));
    } catch (NumberFormatException e) {
      throw ApiProblem.invalidRequest("limit must be a number");
    }
    if (limit < 1 || limit > AuditSearch.MAX_LIMIT) {
      throw ApiProblem.invalidRequest("limit must be 1 to " + AuditSearch.MAX_LIMIT);
    }
    AuditSearch.Query query =
        new AuditSearch.Query(
            instant(parameters, "from"),
            instant(parameters, "to"),
            parameters.get("event"),
            parameters.get("client"),
            residentId,
            limit);
    return Map.of("events", search.find(query).stream().map(AuditorApiController::json).toList());
  }

  @GetMapping("/api/admin/audit/verify")
  Map<String, Object> verify() {
    return AuditCommand.json(verifier.verify());
  }

  /** Per service and day (Japan time); by default the last 30 days; at most 366 days. */
  @GetMapping("/api/admin/statistics/consents")
  Map<String, Object> consentStatistics(@RequestParam Map<String, String> parameters) {
    only(parameters, STATISTICS_PARAMETERS);
    Instant to = instant(parameters, "to");
    Instant from = instant(parameters, "from");
    to = to == null ? clock.instant() : to;
    from = from == null ? to.minus(Duration.ofDays(30)) : from;
    if (!from.isBefore(to)) {
      throw ApiProblem.invalidRequest("from must be before to");
    }
    if (Duration.between(from, to).compareTo(LONGEST_STATISTICS_RANGE) > 0) {
      throw ApiProblem.invalidRequest("the range is at most 366 days");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("from", from.toString());
    json.put("to", to.toString());
    json.put("time_zone", ConsentStatistics.JAPAN.getId());
    json.put("services", statistics.perServicePerDay(from, to));
    return json;
  }

  private static void only(Map<String, String> parameters, Set<String> allowed) {
    for (String name : parameters.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiProblem.invalidRequest("unknown parameter " + name);
      }
    }
  }

  private static Instant instant(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalidRequest(
          name + " must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
    }
  }

  static Map<String, Object> json(AuditLog.Event event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", event.id());
    json.put("seq", event.seq());
    json.put("occurred_at", event.occurredAt().toString());
    json.put("event", event.type());
    json.put("outcome", event.outcome());
    json.put("reason_code", event.reasonCode());
    json.put("resident_id", event.residentId());
    json.put("client_id", event.clientId());
    json.put("detail", event.detail());
    json.put("hash", event.hash());
    return json;
  }
}
