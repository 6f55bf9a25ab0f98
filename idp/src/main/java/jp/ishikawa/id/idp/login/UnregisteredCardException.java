package jp.ishikawa.id.idp.login;

import java.io.Serial;
import jp.ishikawa.id.idp.jpki.BrowserSession;
import org.springframework.security.core.AuthenticationException;

/**
 * The card verified, but no resident is bound to it: nobody is logged in, and the browser goes on
 * to registration with the verified card kept in its session.
 */
public final class UnregisteredCardException extends AuthenticationException {

  @Serial private static final long serialVersionUID = 1L;

  /** The audit reason code of this outcome. */
  public static final String REASON = "unregistered";

  private final BrowserSession.PendingRegistration pending;

  public UnregisteredCardException(BrowserSession.PendingRegistration pending) {
    super("the card is bound to no resident yet");
    this.pending = pending;
  }

  /** The verified card, to register. */
  public BrowserSession.PendingRegistration pending() {
    return pending;
  }
}
