package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit trail for auditors: the hash chain's verdict first ({@code GET
 * /api/admin/audit/verify}: intact, or the first broken link), then a search by time, event,
 * service and Ishikawa ID ({@code GET /api/admin/audit}). Only the fields the person filled in are
 * sent: the API refuses an unknown or empty parameter.
 */
@Controller
class AuditController {

  /** The event names the IdP writes most; the field takes any other too. */
  static final List<String> COMMON_EVENTS =
      List.of(
          "login.succeeded",
          "login.failed",
          "registration.completed",
          "consent.given",
          "consent.withdrawn",
          "token.issued",
          "token.revoked",
          "management.refused",
          "support.resident_lookup",
          "admin.client_created",
          "admin.client_updated",
          "admin.client_secret_rotated",
          "admin.client_jwks_updated",
          "admin.client_disabled",
          "admin.client_enabled",
          "admin.keys_rotated");

  private final ManagementApiClient api;
  private final StaffRoleProbe probe;

  AuditController(ManagementApiClient api, StaffRoleProbe probe) {
    this.api = api;
    this.probe = probe;
  }

  @GetMapping(StaffPaths.AUDIT)
  String audit(
      HttpServletRequest request,
      @RequestParam(name = "from", required = false) @Nullable String from,
      @RequestParam(name = "to", required = false) @Nullable String to,
      @RequestParam(name = "event", required = false) @Nullable String event,
      @RequestParam(name = "client", required = false) @Nullable String client,
      @RequestParam(name = "ishikawaId", required = false) @Nullable String ishikawaId,
      @RequestParam(name = "limit", required = false) @Nullable String limit,
      HttpServletResponse response,
      Model model) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.auditor(), "auditor");
    model.addAttribute("verdict", api.get("/api/admin/audit/verify"));
    model.addAttribute("commonEvents", COMMON_EVENTS);
    Map<String, String> search = new LinkedHashMap<>();
    search.put("from", blank(from));
    search.put("to", blank(to));
    search.put("event", blank(event));
    search.put("client", blank(client));
    search.put("ishikawaId", blank(ishikawaId));
    search.put("limit", limit == null || limit.isBlank() ? "100" : limit.strip());
    model.addAttribute("search", search);

    List<String> errors = new ArrayList<>();
    Map<String, Object> query = new LinkedHashMap<>();
    instant(search.get("from"), "from", query, errors);
    instant(search.get("to"), "to", query, errors);
    if (query.get("from") instanceof Instant start
        && query.get("to") instanceof Instant end
        && !start.isBefore(end)) {
      errors.add("range");
    }
    putIfGiven(query, "event", search.get("event"));
    putIfGiven(query, "client", search.get("client"));
    putIfGiven(query, "ishikawaId", search.get("ishikawaId"));
    try {
      int count = Integer.parseInt(search.get("limit"));
      if (count < 1 || count > 1000) {
        errors.add("limit");
      }
      query.put("limit", count);
    } catch (NumberFormatException e) {
      errors.add("limit");
    }
    model.addAttribute("errors", errors);
    if (!errors.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("events", null);
      return "staff/audit";
    }
    StringBuilder template = new StringBuilder("/api/admin/audit");
    char separator = '?';
    for (String name : query.keySet()) {
      template.append(separator).append(name).append("={").append(name).append('}');
      separator = '&';
    }
    Object events = api.get(template.toString(), query.values().toArray()).get("events");
    model.addAttribute("events", events instanceof List<?> list ? list : List.of());
    return "staff/audit";
  }

  private static void instant(
      String value, String name, Map<String, Object> query, List<String> errors) {
    try {
      Instant at = StaffTime.fromInput(value);
      if (at != null) {
        query.put(name, at);
      }
    } catch (DateTimeException e) {
      errors.add(name);
    }
  }

  private static void putIfGiven(Map<String, Object> query, String name, String value) {
    if (!value.isEmpty()) {
      query.put(name, value);
    }
  }

  private static String blank(@Nullable String value) {
    return value == null ? "" : value.strip();
  }
}
