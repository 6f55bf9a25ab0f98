package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Set;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import jp.ishikawa.id.consentui.config.ConsentUiProperties;
import jp.ishikawa.id.consentui.web.ApiFailurePages;
import jp.ishikawa.id.consentui.web.PageAttributes;
import jp.ishikawa.id.consentui.web.ResidentLanguage;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What a staff page does when the management API refused, before the general {@link
 * ApiFailurePages}:
 *
 * <ul>
 *   <li>{@code 403}: the "this console is for staff" page (the role is probed again next time);
 *   <li>{@code 409} and {@code 400}: a plain sentence for the problem {@code code} the API named (a
 *       configured service is read-only, the client id is taken, the service has no secret, a value
 *       was refused), with the reference code;
 *   <li>{@code 404}: no such service;
 *   <li>anything else, including "a fresh card tap is needed" and "signed out": {@link
 *       ApiFailurePages}, as on every page.
 * </ul>
 */
@ControllerAdvice(basePackageClasses = StaffFailurePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StaffFailurePages {

  /** The API's problem codes that have their own sentence (staff.problem.&lt;code&gt;). */
  static final Set<String> KNOWN_CODES =
      Set.of("configured_client", "client_exists", "no_secret", "invalid_request", "not_found");

  private final ApiFailurePages general;
  private final ConsentUiProperties properties;

  public StaffFailurePages(ApiFailurePages general, ConsentUiProperties properties) {
    this.general = general;
    this.properties = properties;
  }

  @ExceptionHandler(StaffRoleMissingException.class)
  public String roleMissing(
      HttpServletRequest request, HttpServletResponse response, Locale locale, Model model) {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    layout(request, locale, model);
    return "staff/not-staff";
  }

  @ExceptionHandler(ManagementApiException.class)
  public String failed(
      ManagementApiException failure,
      HttpServletRequest request,
      HttpServletResponse response,
      Locale locale,
      Model model) {
    switch (failure.failure()) {
      case FORBIDDEN -> {
        StaffRoleProbe.forget(request);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("reference", failure.reference());
        layout(request, locale, model);
        return "staff/not-staff";
      }
      case CONFLICT, INVALID_REQUEST, NOT_FOUND -> {
        response.setStatus(failure.status());
        model.addAttribute("problem", problem(failure));
        model.addAttribute("reference", failure.reference());
        layout(request, locale, model);
        return "staff/problem";
      }
      default -> {
        String view = general.failed(failure, request, response, locale, model);
        if (!view.startsWith("redirect:")) {
          layout(request, locale, model);
        }
        return view;
      }
    }
  }

  /** What the layout needs; no {@code @ModelAttribute} method runs for an exception's page. */
  private void layout(HttpServletRequest request, Locale locale, Model model) {
    model.addAttribute("demo", properties.isDemo());
    model.addAttribute("htmlLang", ResidentLanguage.of(locale).htmlLang());
    model.addAttribute("languageLinks", PageAttributes.links(locale, request));
    model.addAttribute("helpDesk", PageAttributes.helpDesk(properties));
    model.addAttribute("staffRoles", StaffRoleProbe.cached(request));
  }

  /** The message key suffix: the API's code when it has a sentence, else the kind of failure. */
  static String problem(ManagementApiException failure) {
    String code = failure.code();
    if (code != null && KNOWN_CODES.contains(code)) {
      return code;
    }
    return failure.failure().name().toLowerCase(Locale.ROOT);
  }
}
