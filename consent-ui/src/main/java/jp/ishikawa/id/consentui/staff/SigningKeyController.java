package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.signin.FreshTap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The IdP's signing keys: active, next (published, not yet signing) and retired (published until
 * every token it signed has expired), for admins and auditors; {@code rotate now} for admins, a
 * dangerous action behind a confirmation and a fresh card tap ({@link FreshTap}).
 */
@Controller
@RequestMapping(StaffPaths.KEYS)
class SigningKeyController {

  /** Active first, then next, then retired; newest first within each. */
  static final List<String> STATUS_ORDER = List.of("active", "next", "retired");

  private final ManagementApiClient api;
  private final Clock clock;
  private final StaffRoleProbe probe;

  SigningKeyController(ManagementApiClient api, Clock clock, StaffRoleProbe probe) {
    this.api = api;
    this.clock = clock;
    this.probe = probe;
  }

  @GetMapping
  String keys(
      HttpServletRequest request,
      @RequestParam(name = "done", required = false) @Nullable String done,
      Model model) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.keys(), "admin or auditor");
    model.addAttribute("keys", ordered(api.getList("/api/admin/keys")));
    model.addAttribute("rotated", "rotated".equals(done));
    return "staff/keys";
  }

  @GetMapping("/rotate")
  String confirmRotate(HttpServletRequest request, Model model) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.admin(), "admin");
    model.addAttribute("justTapped", FreshTap.justTapped(request, clock));
    return "staff/keys-rotate";
  }

  /** Dangerous: a fresh card tap. */
  @PostMapping("/rotate")
  String rotate(HttpServletRequest request) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.admin(), "admin");
    api.sendForList(HttpMethod.POST, "/api/admin/keys/rotate", null);
    return "redirect:" + StaffPaths.KEYS + "?done=rotated";
  }

  static List<Map<String, Object>> ordered(List<Map<String, Object>> keys) {
    Comparator<Map<String, Object>> byStatus =
        Comparator.comparingInt(
            key -> {
              int at = STATUS_ORDER.indexOf(String.valueOf(key.get("status")));
              return at < 0 ? STATUS_ORDER.size() : at;
            });
    Comparator<Map<String, Object>> newestFirst =
        Comparator.comparing(
            (Map<String, Object> key) -> String.valueOf(key.get("createdAt")),
            Comparator.reverseOrder());
    return keys.stream().sorted(byStatus.thenComparing(newestFirst)).toList();
  }
}
