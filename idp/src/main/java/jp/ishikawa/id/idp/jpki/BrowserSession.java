package jp.ishikawa.id.idp.jpki;

import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import jp.ishikawa.id.idp.identity.AuthenticationCredential;

/**
 * What the IdP keeps in a browser's session for the card flow: the binding secret that ties card
 * transactions to this browser (ARCHITECTURE.md: a transaction is bound to the browser session that
 * created it), and, between a login with an unknown card and registration, that card. Attributes
 * survive the session id change at login.
 */
public final class BrowserSession {

  private static final String BINDING = BrowserSession.class.getName() + ".binding";
  private static final String PENDING = BrowserSession.class.getName() + ".pendingRegistration";

  /**
   * A card that logged in but is bound to no resident yet.
   *
   * @param credential the verified authentication certificate
   * @param acr how it authenticated
   */
  public record PendingRegistration(AuthenticationCredential credential, String acr)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  private BrowserSession() {}

  /** The session's binding secret, created on first use. */
  public static String binding(HttpSession session, SecureRandom random) {
    Object existing = session.getAttribute(BINDING);
    if (existing instanceof String binding) {
      return binding;
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String binding = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    session.setAttribute(BINDING, binding);
    return binding;
  }

  /** The binding secret if this session has one (it never created a transaction otherwise). */
  public static Optional<String> existingBinding(HttpSession session) {
    return session == null
        ? Optional.empty()
        : Optional.ofNullable((String) session.getAttribute(BINDING));
  }

  public static void pendingRegistration(HttpSession session, PendingRegistration pending) {
    session.setAttribute(PENDING, pending);
  }

  public static Optional<PendingRegistration> pendingRegistration(HttpSession session) {
    return session == null
        ? Optional.empty()
        : Optional.ofNullable((PendingRegistration) session.getAttribute(PENDING));
  }

  public static void clearPendingRegistration(HttpSession session) {
    session.removeAttribute(PENDING);
  }
}
