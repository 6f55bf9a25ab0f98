package jp.ishikawa.id.idp.login;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.ishikawa.id.idp.authorize.CardRequirement;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes {@code prompt=login} and {@code max_age} force a fresh card tap (OIDC Core §3.1.2.1), which
 * Spring's authorization server does not do by itself.
 *
 * <p>On an authorization request that asks for it — {@code prompt=login} or {@code select_account},
 * or a card tap older than {@code max_age} — the resident counts as not signed in <em>for this
 * request only</em>: the session keeps its login, so the authorization endpoint first validates the
 * request (an unknown client or an unregistered redirect URI gets its error and the resident stays
 * signed in: no logout CSRF, issue 7 item 12), then sends a valid one to the login page ({@code
 * prompt=none} gets {@code login_required} instead) and replays it after the tap.
 *
 * <p>A tap made for this request satisfies it, whatever {@code max_age} says (so {@code max_age=0}
 * does not loop, issue 7 item 4): the first time the request is seen, its demand time is kept in
 * the session under the request's client, {@code state} and {@code nonce}; a tap after that time
 * meets it, once. A voluntary {@code acr_values} forces nothing: a tap would give the same {@code
 * acr} (see {@code AuthorizationRequestValidator} for the essential one).
 *
 * <p>Step-up: a resident signed in with a passkey counts as not signed in, for this request only,
 * when the request demands the card ({@link CardRequirement}: the client's {@code require-card},
 * {@code max_age}, a card {@code acr} in {@code acr_values} or an essential {@code acr}); the login
 * page then offers only the card, and a passkey login cannot meet such a request however often it
 * is tried.
 */
public final class ReauthenticationFilter extends OncePerRequestFilter {

  private static final String DEMANDS = ReauthenticationFilter.class.getName() + ".demand.";

  private final Clock clock;
  private final RegisteredClientRepository clients;
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();

  public ReauthenticationFilter(Clock clock, RegisteredClientRepository clients) {
    this.clock = clock;
    this.clients = clients;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().equals(request.getContextPath() + "/oauth2/authorize")
        || request.getParameter("response_type") == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication current = holder.getContext().getAuthentication();
    if (ResidentAuthentication.isResident(current)
        && (needsCard(request, current) || needsFreshTap(request, current))) {
      // This request only: nothing is saved, so the session keeps the resident's login.
      holder.setContext(holder.createEmptyContext());
    }
    chain.doFilter(request, response);
  }

  private boolean needsCard(HttpServletRequest request, Authentication resident) {
    boolean passkey =
        ResidentAuthentication.from(resident)
            .map(login -> login.method() == LoginMethod.PASSKEY)
            .orElse(false);
    if (!passkey) {
      return false;
    }
    String clientId = request.getParameter("client_id");
    return CardRequirement.demandsCard(
        request::getParameter, clientId == null ? null : clients.findByClientId(clientId));
  }

  private boolean needsFreshTap(HttpServletRequest request, Authentication resident) {
    Instant tappedAt = ResidentAuthentication.authenticatedAt(resident).orElse(Instant.EPOCH);
    Instant now = clock.instant();
    String prompt = Optional.ofNullable(request.getParameter("prompt")).orElse("");
    List<String> prompts = Arrays.asList(prompt.split(" "));
    // select_account: the card is the account, so choosing one is tapping one.
    boolean demanded = prompts.contains("login") || prompts.contains("select_account");
    String maxAge = request.getParameter("max_age");
    if (maxAge != null && maxAge.matches("[0-9]{1,10}")) {
      demanded |= tappedAt.plus(Duration.ofSeconds(Long.parseLong(maxAge))).isBefore(now);
    }
    // A malformed max_age is AuthorizationRequestValidator's to refuse.
    if (!demanded) {
      return false;
    }
    HttpSession session = request.getSession();
    String key =
        DEMANDS
            + request.getParameter("client_id")
            + ":"
            + request.getParameter("state")
            + ":"
            + request.getParameter("nonce");
    Instant demandedAt = (Instant) session.getAttribute(key);
    if (demandedAt == null) {
      session.setAttribute(key, now);
      return true;
    }
    if (tappedAt.isAfter(demandedAt)) {
      session.removeAttribute(key);
      return false;
    }
    return true;
  }
}
