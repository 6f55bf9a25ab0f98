package jp.ishikawa.id.idp.admission;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission at the door of a login: a browser session that opens the login page (or asks for a card
 * transaction) without having been admitted takes a ticket and, unless the queue admits it at once,
 * goes to the waiting room instead of loading the cluster. Once admitted, the session stays
 * admitted for the rest of its login and registration. Services' calls (token, userinfo, JWKS,
 * discovery) never pass here: only the resident's entrance is queued.
 */
public class WaitingRoomFilter extends OncePerRequestFilter {

  static final String TICKET = WaitingRoomFilter.class.getName() + ".ticket";
  static final String ADMITTED = WaitingRoomFilter.class.getName() + ".admitted";

  private final AdmissionQueue queue;

  public WaitingRoomFilter(AdmissionQueue queue) {
    this.queue = queue;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(("GET".equals(request.getMethod()) && "/login".equals(path))
        || ("POST".equals(request.getMethod()) && "/jpki/transactions".equals(path)));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (admitted(request.getSession(), queue)) {
      chain.doFilter(request, response);
      return;
    }
    if ("POST".equals(request.getMethod())) {
      // The page's script asks before its resident was let in: the same answer as a busy line.
      response.setStatus(429);
      response.setHeader("Retry-After", "5");
      response.setContentType("application/json");
      response
          .getOutputStream()
          .write(
              "{\"error\":\"rate_limited\",\"message\":\"waiting room: reload the login page\"}"
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    response.sendRedirect(request.getContextPath() + "/waiting-room");
  }

  /** Whether this session may start its login now; takes a ticket for a newcomer. */
  static boolean admitted(HttpSession session, AdmissionQueue queue) {
    return Boolean.TRUE.equals(session.getAttribute(ADMITTED)) || place(session, queue).admitted();
  }

  /**
   * This session's place in the line, taking a ticket for a newcomer; marks the session admitted
   * when its turn has come (it then stays admitted for the rest of its login).
   */
  static AdmissionQueue.Standing place(HttpSession session, AdmissionQueue queue) {
    Long ticket = (Long) session.getAttribute(TICKET);
    if (ticket == null) {
      ticket = queue.join();
      session.setAttribute(TICKET, ticket);
    }
    AdmissionQueue.Standing standing = queue.standing(ticket);
    if (standing.admitted()) {
      session.setAttribute(ADMITTED, Boolean.TRUE);
    }
    return standing;
  }
}
