package jp.ishikawa.id.idp.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.consent.ConsentRecordService;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.passkey.ResidentPasskeys;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The resident's own page: the Ishikawa ID, the cards linked to it, the services they agreed to
 * share with, the passkeys (list, add right after a card login, rename, remove), signing out, and
 * deactivating the account (which removes the passkeys).
 */
@Controller
public class AccountController {

  private final ResidentService residents;
  private final ConsentRecordService consents;
  private final AccountDeactivation deactivation;
  private final ResidentPasskeys passkeys;
  private final IshikawaIdProperties properties;
  private final Clock clock;

  public AccountController(
      ResidentService residents,
      ConsentRecordService consents,
      AccountDeactivation deactivation,
      ResidentPasskeys passkeys,
      IshikawaIdProperties properties,
      Clock clock) {
    this.residents = residents;
    this.consents = consents;
    this.deactivation = deactivation;
    this.passkeys = passkeys;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping("/account")
  public String account(Authentication authentication, Model model) {
    Resident resident = current(authentication);
    List<ConsentRecord> given =
        consents.history(resident.id()).stream()
            .filter(record -> ConsentRecord.GIVEN.equals(record.status()))
            .toList();
    model.addAttribute("resident", resident);
    model.addAttribute("cards", residents.bindings(resident.id()));
    var facts = residents.verifiedFacts(resident.id());
    model.addAttribute("verified", facts.isPresent());
    model.addAttribute("name", facts.map(verified -> verified.facts().name()).orElse(null));
    model.addAttribute("consents", given);
    model.addAttribute("passkeys", passkeys.list(resident));
    model.addAttribute("passkeyMax", properties.getPasskeys().getMaxPerResident());
    model.addAttribute(
        "passkeyWindowMinutes", properties.getPasskeys().getRegistrationWindow().toMinutes());
    model.addAttribute(
        "passkeyRegistrable",
        ResidentAuthentication.from(authentication)
            .filter(login -> login.method() == LoginMethod.CARD)
            .filter(
                login ->
                    !login
                        .authenticatedAt()
                        .plus(properties.getPasskeys().getRegistrationWindow())
                        .isBefore(clock.instant()))
            .isPresent());
    return "account";
  }

  /** Renames one of the resident's passkeys. */
  @PostMapping("/account/passkeys/rename")
  public String renamePasskey(
      @RequestParam String credentialId,
      @RequestParam String label,
      Authentication authentication) {
    try {
      return passkeys.rename(current(authentication), credentialId, label)
          ? "redirect:/account?passkey-renamed"
          : "redirect:/account?passkey-unknown";
    } catch (IllegalArgumentException e) {
      return "redirect:/account?passkey-bad-name";
    }
  }

  /** Removes one of the resident's passkeys (a lost phone: log in with the card, remove it). */
  @PostMapping("/account/passkeys/remove")
  public String removePasskey(@RequestParam String credentialId, Authentication authentication) {
    return passkeys.remove(current(authentication), credentialId)
        ? "redirect:/account?passkey-removed"
        : "redirect:/account?passkey-unknown";
  }

  /**
   * Re-proves the basic facts with the signature certificate (after moving house, or to add them to
   * an account registered without one): the page runs an {@code identity} card transaction.
   */
  @GetMapping("/account/facts")
  public String facts(Model model) {
    model.addAttribute("purpose", "identity");
    return "account-facts";
  }

  /** Withdraws consent to one service and revokes its tokens. */
  @PostMapping("/account/consents/withdraw")
  public String withdraw(@RequestParam String registeredClientId, Authentication authentication) {
    consents.withdraw(current(authentication), registeredClientId);
    return "redirect:/account?withdrawn";
  }

  /**
   * Deactivates the account after an explicit confirmation, and signs out: every consent is
   * withdrawn, then every authorization any service still holds is revoked, recorded or not.
   */
  @PostMapping("/account/deactivate")
  public String deactivate(
      @RequestParam(required = false) String confirm,
      Authentication authentication,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (!"yes".equals(confirm)) {
      return "redirect:/account?confirm-deactivation";
    }
    deactivation.deactivate(current(authentication), "account page");
    new SecurityContextLogoutHandler().logout(request, response, authentication);
    return "redirect:/login?deactivated";
  }

  private Resident current(Authentication authentication) {
    return residents
        .findByIshikawaId(authentication.getName())
        .orElseThrow(() -> new IllegalStateException("the session's resident is gone"));
  }
}
