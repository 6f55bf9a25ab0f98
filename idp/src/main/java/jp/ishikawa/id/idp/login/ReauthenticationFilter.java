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
import java.util.Optional;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes {@code prompt=login}, {@code max_age} and {@code acr_values} force a fresh card tap (OIDC
 * Core §3.1.2.1, issue 4), which Spring's authorization server does not do by itself.
 *
 * <p>On an authorization request that asks for it, a resident whose card tap is older than the
 * request (prompt=login, acr_values) or than {@code max_age} is signed out of the session — the
 * rest of the session stays — so the authorization endpoint sends them to the login page and
 * replays the request after the tap. The request's demand time is kept in the session under the
 * request's {@code state}+{@code nonce}, so the replayed request is satisfied by the new tap and
 * does not loop.
 */
public final class ReauthenticationFilter extends OncePerRequestFilter {

  private static final String DEMANDS = ReauthenticationFilter.class.getName() + ".demand.";

  private final SecurityContextRepository contexts;
  private final Clock clock;
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();

  public ReauthenticationFilter(SecurityContextRepository contexts, Clock clock) {
    this.contexts = contexts;
    this.clock = clock;
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
    if (ResidentAuthentication.isResident(current) && needsFreshTap(request, current)) {
      holder.clearContext();
      contexts.saveContext(holder.createEmptyContext(), request, response);
    }
    chain.doFilter(request, response);
  }

  private boolean needsFreshTap(HttpServletRequest request, Authentication resident) {
    Instant tappedAt = ResidentAuthentication.authenticatedAt(resident).orElse(Instant.EPOCH);
    Instant now = clock.instant();
    String maxAge = request.getParameter("max_age");
    if (maxAge != null) {
      try {
        long seconds = Long.parseLong(maxAge.trim());
        if (seconds >= 0 && tappedAt.plus(Duration.ofSeconds(seconds)).isBefore(now)) {
          return true;
        }
      } catch (NumberFormatException e) {
        // A malformed max_age is the authorization endpoint's to reject; do not guess here.
      }
    }
    String prompt = Optional.ofNullable(request.getParameter("prompt")).orElse("");
    boolean promptLogin = Arrays.asList(prompt.split(" ")).contains("login");
    boolean acrValues = request.getParameter("acr_values") != null;
    if (!promptLogin && !acrValues) {
      return false;
    }
    // Once per authorization request: the first time it is seen, any earlier tap is too old.
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
