package jp.ishikawa.id.idp.consent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.token.ResidentClaims;
import jp.ishikawa.id.verifier.jpki.IshikawaMunicipalities;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent screen, shown before a service first receives data and again whenever it asks for
 * more: each item in plain words, what was already agreed, and two buttons ({@code
 * consent-approve}, {@code consent-deny}) that post the decision to the authorization endpoint.
 */
@Controller
public class ConsentController {

  private final RegisteredClientRepository clients;
  private final OAuth2AuthorizationConsentService consents;
  private final ResidentClaims residentClaims;

  public ConsentController(
      RegisteredClientRepository clients,
      OAuth2AuthorizationConsentService consents,
      ResidentClaims residentClaims) {
    this.clients = clients;
    this.consents = consents;
    this.residentClaims = residentClaims;
  }

  @GetMapping("/oauth2/consent")
  public String consent(
      @RequestParam("client_id") String clientId,
      @RequestParam(value = "scope", defaultValue = "") String scope,
      @RequestParam("state") String state,
      Authentication authentication,
      Model model) {
    RegisteredClient client = clients.findByClientId(clientId);
    if (client == null) {
      return "redirect:/account";
    }
    OAuth2AuthorizationConsent current =
        consents.findById(client.getId(), authentication.getName());
    Set<String> already = current == null ? Set.of() : current.getScopes();
    List<String> requested = new ArrayList<>();
    List<String> newItems = new ArrayList<>();
    List<String> previousItems = new ArrayList<>();
    for (String item :
        Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank()).distinct().toList()) {
      if (OidcScopes.OPENID.equals(item)) {
        continue;
      }
      requested.add(item);
      (already.contains(item) ? previousItems : newItems).add(item);
    }
    model.addAttribute("clientId", clientId);
    model.addAttribute("clientName", client.getClientName());
    model.addAttribute("state", state);
    model.addAttribute("requested", requested);
    model.addAttribute("newItems", newItems);
    model.addAttribute("previousItems", previousItems);
    model.addAttribute("policyVersion", ConsentRecordService.POLICY_VERSION);
    // The resident's own values, exactly as the service would receive them (nothing when the
    // facts are not verified: then nothing is shared).
    Map<String, Object> claims =
        residentClaims.claims(authentication.getName(), Set.copyOf(requested));
    model.addAttribute("claims", claims);
    model.addAttribute(
        "municipality",
        claims.get("municipality_code") instanceof String code
            ? IshikawaMunicipalities.nameOf(code).orElse(null)
            : null);
    return "consent";
  }
}
