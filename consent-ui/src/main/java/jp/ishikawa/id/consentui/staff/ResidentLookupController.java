package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A resident's metadata for support staff answering an enquiry ({@code GET
 * /api/admin/residents/{id}}): status, when the ID was made, cards, the services holding a consent,
 * the number of records. Never a verified fact: the API has none to give. The API records every
 * lookup with the staff member's Ishikawa ID, so the page says so before the search, and never
 * looks anyone up by itself.
 */
@Controller
class ResidentLookupController {

  private final ManagementApiClient api;
  private final StaffRoleProbe probe;

  ResidentLookupController(ManagementApiClient api, StaffRoleProbe probe) {
    this.api = api;
    this.probe = probe;
  }

  @GetMapping(StaffPaths.RESIDENTS)
  String lookup(
      @RequestParam(name = "id", required = false) @Nullable String id,
      HttpServletRequest request,
      jakarta.servlet.http.HttpServletResponse response,
      Model model) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.any(), "support");
    String wanted = id == null ? "" : id.strip();
    model.addAttribute("id", wanted);
    model.addAttribute("resident", null);
    model.addAttribute("notFound", false);
    if (wanted.isEmpty()) {
      return "staff/residents";
    }
    Map<String, Object> resident;
    try {
      resident = api.get("/api/admin/residents/{id}", wanted);
    } catch (ManagementApiException e) {
      if (e.failure() != ApiFailure.NOT_FOUND) {
        throw e;
      }
      probe.supportAnswered(request);
      model.addAttribute("staffRoles", StaffRoleProbe.cached(request));
      response.setStatus(404);
      model.addAttribute("notFound", true);
      model.addAttribute("reference", e.reference());
      return "staff/residents";
    }
    probe.supportAnswered(request);
    model.addAttribute("staffRoles", StaffRoleProbe.cached(request));
    model.addAttribute("resident", resident);
    return "staff/residents";
  }
}
