package jp.ishikawa.id.idp.login;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.jpki.BrowserSession;
import jp.ishikawa.id.idp.jpki.JpkiError;
import jp.ishikawa.id.idp.jpki.JpkiProtocolException;
import jp.ishikawa.id.idp.jpki.JpkiTransactionService;
import jp.ishikawa.id.idp.jpki.TransactionResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The resident-facing login flow: the login page, picking up a completed card transaction,
 * registration of an unknown card (with the signature certificate, or without for cards that have
 * none), and signing the resident in.
 */
@Controller
public class LoginController {

  private final JpkiTransactionService transactions;
  private final ResidentService residents;
  private final SecurityContextRepository contexts;
  private final AuditLog audit;
  private final Clock clock;
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();
  private final ChangeSessionIdAuthenticationStrategy sessionFixation =
      new ChangeSessionIdAuthenticationStrategy();
  private final SavedRequestAwareAuthenticationSuccessHandler continueAfterLogin;

  public LoginController(
      JpkiTransactionService transactions,
      ResidentService residents,
      SecurityContextRepository contexts,
      AuditLog audit,
      Clock clock) {
    this.transactions = transactions;
    this.residents = residents;
    this.contexts = contexts;
    this.audit = audit;
    this.clock = clock;
    this.continueAfterLogin = new SavedRequestAwareAuthenticationSuccessHandler();
    this.continueAfterLogin.setDefaultTargetUrl("/account");
  }

  @GetMapping("/login")
  public String login(@RequestParam(required = false) String error, Model model) {
    model.addAttribute("purpose", "login");
    model.addAttribute("error", knownError(error));
    return "login";
  }

  /** The browser's card transaction completed: act on its result, once. */
  @PostMapping("/login/jpki/complete")
  public void complete(
      @RequestParam String txn, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    String binding = BrowserSession.existingBinding(session).orElse(null);
    TransactionResult result;
    try {
      result = transactions.pickUp(txn, binding);
    } catch (JpkiProtocolException e) {
      response.sendRedirect(request.getContextPath() + "/login?error=" + e.error().code());
      return;
    }
    switch (result.outcome()) {
      case "login", "registered", "renewed" -> {
        BrowserSession.clearPendingRegistration(session);
        Resident resident =
            residents
                .findById(result.residentId())
                .orElseThrow(
                    () -> new IllegalStateException("a completed login without a resident"));
        signIn(resident, result.acr(), request, response);
      }
      case "unregistered" -> {
        BrowserSession.pendingRegistration(
            session, new BrowserSession.PendingRegistration(result.credential(), result.acr()));
        response.sendRedirect(request.getContextPath() + "/register");
      }
      case "facts_updated" -> response.sendRedirect(request.getContextPath() + "/account?updated");
      default -> throw new IllegalStateException("unknown outcome " + result.outcome());
    }
  }

  @GetMapping("/register")
  public String register(HttpServletRequest request, Model model) {
    if (BrowserSession.pendingRegistration(request.getSession(false)).isEmpty()) {
      return "redirect:/login";
    }
    model.addAttribute("purpose", "identity");
    return "register";
  }

  /** Registration on the authentication certificate alone (under-15 and face-only cards). */
  @PostMapping("/register/without-facts")
  public void registerWithoutFacts(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    Optional<BrowserSession.PendingRegistration> pending =
        BrowserSession.pendingRegistration(session);
    if (pending.isEmpty()) {
      response.sendRedirect(request.getContextPath() + "/login");
      return;
    }
    ResidentService.RegistrationOutcome outcome;
    try {
      outcome = residents.registerWithoutFacts(pending.get().credential());
    } catch (ResidentService.RegistrationRefused refused) {
      response.sendRedirect(request.getContextPath() + "/login?error=" + refused.code());
      return;
    }
    BrowserSession.clearPendingRegistration(session);
    signIn(outcome.resident(), pending.get().acr(), request, response);
  }

  private void signIn(
      Resident resident, String acr, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!resident.active()) {
      response.sendRedirect(
          request.getContextPath() + "/login?error=" + JpkiError.ACCOUNT_DEACTIVATED.code());
      return;
    }
    Authentication authentication = ResidentAuthentication.of(resident, acr, clock.instant());
    sessionFixation.onAuthentication(authentication, request, response);
    SecurityContext context = holder.createEmptyContext();
    context.setAuthentication(authentication);
    holder.setContext(context);
    contexts.saveContext(context, request, response);
    audit.record("login", "success", acr, resident.id(), null, null);
    continueAfterLogin.onAuthenticationSuccess(request, response, authentication);
  }

  private static String knownError(String code) {
    if (code == null) {
      return null;
    }
    JpkiError error = JpkiError.fromCode(code);
    return error == JpkiError.SERVER_ERROR && !"server_error".equals(code)
        ? "server_error"
        : error.code();
  }
}
