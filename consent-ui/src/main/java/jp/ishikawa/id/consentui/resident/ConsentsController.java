package jp.ishikawa.id.consentui.resident;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import jp.ishikawa.id.consentui.api.ReferenceCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 「マイ いしかわID」: the services that receive the resident's information now (one entry per service, its
 * newest given consent), withdrawing one after a page that says what will happen, and the whole
 * history. This app's own sign-in record is left off the first page (withdrawing it would only sign
 * the resident out of this page); it is in the history.
 */
@Controller
class ConsentsController {

  /** A consent id as the API makes them; anything else never reaches the API. */
  static final String ID = "{id:[A-Za-z0-9-]{1,64}}";

  private final ManagementApiClient api;
  private final PlainWords words;
  private final CardReminders cards;
  private final String ownClientId;

  ConsentsController(
      ManagementApiClient api,
      PlainWords words,
      CardReminders cards,
      @Value("${spring.security.oauth2.client.registration.ishikawa-id.client-id}")
          String ownClientId) {
    this.api = api;
    this.words = words;
    this.cards = cards;
    this.ownClientId = ownClientId;
  }

  @GetMapping("/")
  String dashboard(Locale locale, Model model) {
    List<ConsentView> current = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Consent consent : consents()) {
      if (consent.given()
          && !ownClientId.equals(consent.clientId())
          && seen.add(consent.clientId())) {
        current.add(ConsentView.of(consent, words, locale));
      }
    }
    model.addAttribute("services", current);
    model.addAttribute("renewalDue", cards.renewalDue());
    return "resident/dashboard";
  }

  @GetMapping("/consents/" + ID + "/withdraw")
  String confirmWithdrawal(@PathVariable String id, Locale locale, Model model) {
    Consent consent = own(id);
    if (!consent.given()) {
      throw refused(ApiFailure.CONFLICT, 409, "not_current");
    }
    model.addAttribute("consent", ConsentView.of(consent, words, locale));
    return "resident/withdraw";
  }

  /** The API withdraws, revokes the service's tokens and sends it a back-channel logout. */
  @PostMapping("/consents/" + ID + "/withdraw")
  String withdraw(@PathVariable String id, RedirectAttributes redirect) {
    Consent withdrawn = Consent.of(api.post("/api/me/consents/{id}/withdraw", id));
    redirect.addFlashAttribute("withdrawnService", withdrawn.service());
    return "redirect:/";
  }

  @GetMapping("/history")
  String history(Locale locale, Model model) {
    model.addAttribute(
        "records", consents().stream().map(c -> ConsentView.of(c, words, locale)).toList());
    return "resident/history";
  }

  private List<Consent> consents() {
    return Consent.list(api.get("/api/me/consents"));
  }

  private Consent own(String id) {
    return consents().stream()
        .filter(consent -> consent.id().equals(id))
        .findFirst()
        .orElseThrow(() -> refused(ApiFailure.NOT_FOUND, 404, "not_found"));
  }

  private static ManagementApiException refused(ApiFailure failure, int status, String code) {
    return new ManagementApiException(
        failure, status, code, ReferenceCode.next(), "consent page: " + code, null);
  }
}
