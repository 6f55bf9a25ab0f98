package jp.ishikawa.id.idp.login;

import java.io.Serial;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A request to log in with a completed card transaction: which transaction, and the binding secret
 * of the browser session asking ({@code BrowserSession}), so only the browser that created the
 * transaction can use it. Always unauthenticated; {@link CardTransactionAuthenticationProvider}
 * turns it into a resident login.
 */
public final class CardTransactionAuthenticationToken extends AbstractAuthenticationToken {

  @Serial private static final long serialVersionUID = 1L;

  private final String transactionId;
  private @Nullable String binding;

  private CardTransactionAuthenticationToken(String transactionId, @Nullable String binding) {
    super(AuthorityUtils.NO_AUTHORITIES);
    this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
    this.binding = binding;
    setAuthenticated(false);
  }

  /**
   * @param transactionId the {@code txn} the browser completed
   * @param binding the browser session's binding secret, null when the session has none
   */
  public static CardTransactionAuthenticationToken unauthenticated(
      String transactionId, @Nullable String binding) {
    return new CardTransactionAuthenticationToken(transactionId, binding);
  }

  public String transactionId() {
    return transactionId;
  }

  public @Nullable String binding() {
    return binding;
  }

  @Override
  public Object getPrincipal() {
    return transactionId;
  }

  @Override
  public @Nullable Object getCredentials() {
    return binding;
  }

  @Override
  public void eraseCredentials() {
    super.eraseCredentials();
    binding = null;
  }
}
