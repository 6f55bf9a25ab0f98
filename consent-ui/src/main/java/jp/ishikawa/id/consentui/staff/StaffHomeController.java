package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The staff console's first page: what this staff member's roles let them do. */
@Controller
class StaffHomeController {

  private final StaffRoleProbe probe;

  StaffHomeController(StaffRoleProbe probe) {
    this.probe = probe;
  }

  @GetMapping(StaffPaths.HOME)
  String home(HttpServletRequest request) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.any(), "any staff role");
    return "staff/home";
  }
}
