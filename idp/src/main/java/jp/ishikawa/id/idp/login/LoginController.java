package jp.ishikawa.id.idp.login;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import jp.ishikawa.id.idp.authorize.CardRequirement;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.jpki.BrowserSession;
import jp.ishikawa.id.idp.jpki.JpkiError;
import jp.ishikawa.id.idp.jpki.JpkiProtocolException;
import jp.ishikawa.id.idp.jpki.JpkiTransactionService;
import jp.ishikawa.id.idp.jpki.TransactionIntent;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The resident-facing login flow: the login page, picking up a completed card transaction,
 * registration of an unknown card (with the signature certificate, or without for cards that have
 * none), and signing the resident in. Logins are authenticated by the {@link AuthenticationManager}
 * (which publishes Spring Security's authentication events, audited by {@link LoginAuditListener});
 * this controller only maps the outcome to pages.
 */
@Controller
public class LoginController {

  private final JpkiTransactionService transactions;
  private final ResidentService residents;
  private final SecurityContextRepository contexts;
  private final AuthenticationManager authenticationManager;
  private final RegisteredClientRepository clients;
  private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();
  private final ChangeSessionIdAuthenticationStrategy sessionFixation =
      new ChangeSessionIdAuthenticationStrategy();
  private final SavedRequestAwareAuthenticationSuccessHandler continueAfterLogin;

  public LoginController(
      JpkiTransactionService transactions,
      ResidentService residents,
      SecurityContextRepository contexts,
      AuthenticationManager authenticationManager,
      RegisteredClientRepository clients) {
    this.transactions = transactions;
    this.clients = clients;
    this.residents = residents;
    this.contexts = contexts;
    this.authenticationManager = authenticationManager;
    this.continueAfterLogin = new SavedRequestAwareAuthenticationSuccessHandler();
    this.continueAfterLogin.setDefaultTargetUrl("/account");
  }

  /**
   * The login page: the card, and below it the passkey login, unless the authorization request
   * waiting for this login demands the card ({@link CardRequirement}).
   */
  @GetMapping("/login")
  public String login(
      @RequestParam(required = false) String error,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    model.addAttribute("purpose", "login");
    model.addAttribute("error", knownError(error));
    model.addAttribute("cardRequired", cardRequired(request, response));
    return "login";
  }

  private boolean cardRequired(HttpServletRequest request, HttpServletResponse response) {
    if (request.getSession(false) == null) {
      return false;
    }
    SavedRequest saved = savedRequests.getRequest(request, response);
    if (saved == null) {
      return false;
    }
    java.util.function.Function<String, String> parameter =
        name -> {
          String[] values = saved.getParameterValues(name);
          return values == null || values.length == 0 ? null : values[0];
        };
    String clientId = parameter.apply("client_id");
    return CardRequirement.demandsCard(
        parameter, clientId == null ? null : clients.findByClientId(clientId));
  }

  /**
   * The browser's card transaction completed: a login goes through the authentication manager
   * ({@link CardTransactionAuthenticationProvider}); a facts update is no login and is picked up
   * here, once.
   */
  @PostMapping("/login/jpki/complete")
  public void complete(
      @RequestParam String txn, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    String binding = BrowserSession.existingBinding(session).orElse(null);
    try {
      if (transactions.followedBy(txn, binding).intent() == TransactionIntent.UPDATE_FACTS) {
        transactions.pickUp(txn, binding);
        response.sendRedirect(request.getContextPath() + "/account?updated");
        return;
      }
    } catch (JpkiProtocolException e) {
      response.sendRedirect(request.getContextPath() + "/login?error=" + e.error().code());
      return;
    }
    signIn(CardTransactionAuthenticationToken.unauthenticated(txn, binding), request, response);
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
    signIn(
        RegisteredCardAuthenticationToken.unauthenticated(
            outcome.resident().id(), pending.get().acr()),
        request,
        response);
  }

  /**
   * Authenticates {@code loginRequest} and, on success, signs the resident in: a new session id
   * (session fixation), the context saved in the repository, then on to the saved request.
   */
  private void signIn(
      Authentication loginRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    Authentication authentication;
    try {
      authentication = authenticationManager.authenticate(loginRequest);
    } catch (UnregisteredCardException e) {
      BrowserSession.pendingRegistration(request.getSession(), e.pending());
      response.sendRedirect(request.getContextPath() + "/register");
      return;
    } catch (CardLoginException e) {
      response.sendRedirect(request.getContextPath() + "/login?error=" + e.error().code());
      return;
    }
    BrowserSession.clearPendingRegistration(request.getSession());
    sessionFixation.onAuthentication(authentication, request, response);
    SecurityContext context = holder.createEmptyContext();
    context.setAuthentication(authentication);
    holder.setContext(context);
    contexts.saveContext(context, request, response);
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
