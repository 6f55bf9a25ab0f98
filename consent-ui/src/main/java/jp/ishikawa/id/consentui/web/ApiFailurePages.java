package jp.ishikawa.id.consentui.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import jp.ishikawa.id.consentui.config.ConsentUiProperties;
import jp.ishikawa.id.consentui.signin.FreshTap;
import jp.ishikawa.id.consentui.signin.IdpClientRegistrations;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What a page does when the management API refused or did not answer, for residents' and staff
 * pages alike:
 *
 * <ul>
 *   <li>a fresh card tap needed: through the IdP again and back to the page ({@link FreshTap});
 *   <li>the session's token no longer good: the session ends and the person signs in again;
 *   <li>anything else: a page in plain words with the reference code (the log line has the same
 *       code), never the API's detail or a stack trace.
 * </ul>
 */
@ControllerAdvice
public class ApiFailurePages {

  private final OAuth2AuthorizedClientRepository authorizedClients;
  private final ConsentUiProperties properties;

  public ApiFailurePages(
      OAuth2AuthorizedClientRepository authorizedClients, ConsentUiProperties properties) {
    this.authorizedClients = authorizedClients;
    this.properties = properties;
  }

  @ExceptionHandler(ManagementApiException.class)
  public String failed(
      ManagementApiException failure,
      HttpServletRequest request,
      HttpServletResponse response,
      Locale locale,
      Model model) {
    switch (failure.failure()) {
      case FRESH_TAP_REQUIRED -> {
        return FreshTap.begin(request, request.getRequestURI());
      }
      case SIGNED_OUT -> {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null) {
          authorizedClients.removeAuthorizedClient(
              IdpClientRegistrations.REGISTRATION_ID, caller, request, response);
        }
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        return "redirect:/";
      }
      default -> {
        response.setStatus(status(failure.failure()));
        model.addAttribute("failure", failure.failure().name().toLowerCase(Locale.ROOT));
        model.addAttribute("reference", failure.reference());
        // An exception handler's model has none of the controller advice's attributes.
        model.addAttribute("demo", properties.isDemo());
        model.addAttribute("htmlLang", ResidentLanguage.of(locale).htmlLang());
        model.addAttribute("languageLinks", PageAttributes.links(locale, request));
        model.addAttribute("helpDesk", PageAttributes.helpDesk(properties));
        return "error";
      }
    }
  }

  static int status(ApiFailure failure) {
    return switch (failure) {
      case IDP_UNAVAILABLE -> 503;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case INVALID_REQUEST -> 400;
      default -> 502;
    };
  }
}
