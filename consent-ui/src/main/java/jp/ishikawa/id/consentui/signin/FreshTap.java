package jp.ishikawa.id.consentui.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A fresh card tap (step-up, RFC 9470) for the management API's dangerous actions.
 *
 * <p>The API refuses a dangerous action whose access token comes from a login that is not a card
 * tap with revocation checked, or older than a few minutes: {@code 401} with {@code
 * error="insufficient_user_authentication"}, which {@code ManagementApiClient} turns into an {@code
 * ApiFailure.FRESH_TAP_REQUIRED}. consent-ui then sends the person through the IdP again with
 * {@code max_age=0} and {@code acr_values=urn:ishikawa-id:acr:jpki} ({@link
 * FreshTapAuthorizationRequestResolver} adds them while {@link #begin} has asked for it), and
 * brings them back to the page they were on, where they confirm once more with the new access
 * token.
 *
 * <p><b>How a page uses it</b> (residents' deactivation; the staff console's secret rotation,
 * client disabling and key rotation): the confirmation is a {@code GET /x} page with a form that
 * {@code POST}s to the same {@code /x}. Nothing else is needed: when the {@code POST}'s API call
 * answers "fresh tap required", {@code web.ApiFailurePages} calls {@link #begin} with {@code /x}
 * and redirects to the IdP; after the tap the person lands on {@code GET /x} again, and the page
 * can show "your card was read, press the button again" when {@link #justTapped} is true. A
 * controller that wants another return page calls {@code FreshTap.begin(request, "/other")} itself
 * and returns its result as the view name.
 */
public final class FreshTap {

  /** The card tap's {@code acr} (revocation checked), as the IdP names it. */
  public static final String ACR = "urn:ishikawa-id:acr:jpki";

  /** How long after a tap {@link #justTapped} says so; the IdP's own limit is its setting. */
  static final Duration RECENT = Duration.ofMinutes(5);

  static final String REQUESTED = FreshTap.class.getName() + ".requested";
  static final String RETURN_TO = FreshTap.class.getName() + ".returnTo";
  static final String TAPPED_AT = FreshTap.class.getName() + ".tappedAt";

  private FreshTap() {}

  /**
   * Asks for a fresh tap at the next sign-in and remembers where to come back to.
   *
   * @param returnTo a path of this app ({@code /deactivate}); anything else returns to {@code /}
   * @return the view name that starts the sign-in
   */
  public static String begin(HttpServletRequest request, String returnTo) {
    HttpSession session = request.getSession();
    session.setAttribute(REQUESTED, Boolean.TRUE);
    session.setAttribute(RETURN_TO, localPath(returnTo));
    return "redirect:/oauth2/authorization/" + IdpClientRegistrations.REGISTRATION_ID;
  }

  /** Whether this session came back from a fresh tap within the last few minutes. */
  public static boolean justTapped(HttpServletRequest request, Clock clock) {
    HttpSession session = request.getSession(false);
    return session != null
        && session.getAttribute(TAPPED_AT) instanceof Instant at
        && !at.plus(RECENT).isBefore(clock.instant());
  }

  /** Takes (and clears) the "ask for a fresh tap" flag: one sign-in only. */
  static boolean takeRequest(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || session.getAttribute(REQUESTED) == null) {
      return false;
    }
    session.removeAttribute(REQUESTED);
    return true;
  }

  /** After a sign-in that followed {@link #begin}: where to return, or null for a plain sign-in. */
  static @Nullable String takeReturn(HttpServletRequest request, Instant now) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(RETURN_TO) instanceof String path)) {
      return null;
    }
    session.removeAttribute(RETURN_TO);
    session.setAttribute(TAPPED_AT, now);
    return path;
  }

  /** Only a path of this app: never another origin ({@code //evil}, {@code https:}, {@code \}). */
  static String localPath(@Nullable String path) {
    if (path == null
        || !path.startsWith("/")
        || path.startsWith("//")
        || path.contains("\\")
        || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return "/";
    }
    return path;
  }
}
