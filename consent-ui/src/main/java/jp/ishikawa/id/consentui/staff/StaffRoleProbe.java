package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Finds out which staff roles the signed-in person holds by asking the management API the cheapest
 * question each role may ask, once per session and person: {@code GET /api/admin/clients} (admin)
 * and {@code GET /api/admin/audit?limit=1} (auditor). A {@code 403} means the role is missing; any
 * other failure (the IdP down, the session's token no longer good) is not an answer and is thrown,
 * so the page says what happened instead of hiding the console. See {@link StaffRoles} for {@code
 * support}.
 */
@Component
public class StaffRoleProbe {

  static final String SESSION_ATTRIBUTE = StaffRoles.class.getName();

  private final ManagementApiClient api;

  public StaffRoleProbe(ManagementApiClient api) {
    this.api = api;
  }

  /** The roles of the signed-in person, probed at the first call of a session; null signed out. */
  public @Nullable StaffRoles roles(HttpServletRequest request) {
    String subject = subject();
    if (subject == null) {
      return null;
    }
    StaffRoles known = cached(request, subject);
    if (known != null) {
      return known;
    }
    StaffRoles probed =
        new StaffRoles(
            subject,
            answers(() -> api.getList("/api/admin/clients")),
            answers(() -> api.get("/api/admin/audit?limit=1")),
            false);
    request.getSession().setAttribute(SESSION_ATTRIBUTE, probed);
    return probed;
  }

  /** The roles already known in this session for the signed-in person, without asking the API. */
  public static @Nullable StaffRoles cached(HttpServletRequest request) {
    String subject = subject();
    return subject == null ? null : cached(request, subject);
  }

  /** A resident lookup was answered: the person holds {@code support}. */
  void supportAnswered(HttpServletRequest request) {
    StaffRoles roles = roles(request);
    if (roles != null && !roles.support()) {
      request.getSession().setAttribute(SESSION_ATTRIBUTE, roles.withSupport());
    }
  }

  /** A staff call was refused with {@code 403}: the roles changed since the probe, ask again. */
  static void forget(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SESSION_ATTRIBUTE);
    }
  }

  private static @Nullable StaffRoles cached(HttpServletRequest request, String subject) {
    HttpSession session = request.getSession(false);
    if (session != null
        && session.getAttribute(SESSION_ATTRIBUTE) instanceof StaffRoles roles
        && roles.subject().equals(subject)) {
      return roles;
    }
    return null;
  }

  private static @Nullable String subject() {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    return caller instanceof OAuth2AuthenticationToken token ? token.getName() : null;
  }

  private static boolean answers(Runnable call) {
    try {
      call.run();
      return true;
    } catch (ManagementApiException e) {
      if (e.failure() == ApiFailure.FORBIDDEN) {
        return false;
      }
      throw e;
    }
  }
}
