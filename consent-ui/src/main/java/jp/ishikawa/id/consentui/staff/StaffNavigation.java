package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * {@code staffRoles} on every page, so the layout links the staff console for staff only.
 *
 * <p>On the staff console ({@code /staff/**}) a failed probe is thrown and its page explains it
 * ({@link StaffFailurePages}). On the residents' pages the link is a convenience: a probe that
 * failed (the IdP down, a token no longer good) leaves it out and lets the page's own call say what
 * happened. The probe is looked up lazily, so slices of the application without it (a resident
 * page's MVC test) show no link.
 */
@ControllerAdvice
public class StaffNavigation {

  private final ObjectProvider<StaffRoleProbe> probe;

  public StaffNavigation(ObjectProvider<StaffRoleProbe> probe) {
    this.probe = probe;
  }

  @ModelAttribute("staffRoles")
  public @Nullable StaffRoles staffRoles(HttpServletRequest request) {
    StaffRoleProbe roles = probe.getIfAvailable();
    if (roles == null) {
      return null;
    }
    if (isStaffConsole(request)) {
      return roles.roles(request);
    }
    if (!"GET".equals(request.getMethod())) {
      return StaffRoleProbe.cached(request);
    }
    try {
      return roles.roles(request);
    } catch (ManagementApiException e) {
      return null;
    }
  }

  static boolean isStaffConsole(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals(StaffPaths.HOME) || path.startsWith(StaffPaths.HOME + "/");
  }
}
