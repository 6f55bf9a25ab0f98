package jp.ishikawa.id.consentui.resident;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.signin.FreshTap;
import jp.ishikawa.id.consentui.signin.IdpClientRegistrations;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Closing the Ishikawa ID ({@code POST /api/me/deactivate}, a dangerous action: the API asks for a
 * fresh card tap, {@link FreshTap}). The page says what happens first; the resident ticks "I
 * understand" and presses the button; the API's "fresh tap required" sends them through the card
 * again and back here to press once more. Once closed, this session ends too.
 */
@Controller
class DeactivateController {

  private final ManagementApiClient api;
  private final OAuth2AuthorizedClientRepository authorizedClients;
  private final Clock clock;

  DeactivateController(
      ManagementApiClient api, OAuth2AuthorizedClientRepository authorizedClients, Clock clock) {
    this.api = api;
    this.authorizedClients = authorizedClients;
    this.clock = clock;
  }

  @GetMapping("/deactivate")
  String confirm(HttpServletRequest request, Model model) {
    model.addAttribute("tapped", FreshTap.justTapped(request, clock));
    return "resident/deactivate";
  }

  @PostMapping("/deactivate")
  String deactivate(
      @RequestParam(name = "understood", required = false) String understood,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (!"yes".equals(understood)) {
      model.addAttribute("tapped", FreshTap.justTapped(request, clock));
      model.addAttribute("needConfirmation", true);
      response.setStatus(400);
      return "resident/deactivate";
    }
    api.post("/api/me/deactivate");
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
    return "redirect:/deactivated";
  }

  @GetMapping("/deactivated")
  String deactivated() {
    return "resident/deactivated";
  }
}
