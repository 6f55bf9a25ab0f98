package jp.ishikawa.id.idp.login;

import java.time.Clock;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.jpki.BrowserSession;
import jp.ishikawa.id.idp.jpki.JpkiError;
import jp.ishikawa.id.idp.jpki.JpkiProtocolException;
import jp.ishikawa.id.idp.jpki.JpkiTransactionService;
import jp.ishikawa.id.idp.jpki.TransactionResult;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Card login as a Spring Security mechanism: turns a {@link CardTransactionAuthenticationToken}
 * (or, right after registration, a {@link RegisteredCardAuthenticationToken}) into a {@link
 * ResidentAuthentication} of {@link LoginMethod#CARD}.
 *
 * <p>The checks, in order:
 *
 * <ol>
 *   <li>the transaction is this browser session's, completed, and picked up exactly once ({@link
 *       JpkiTransactionService#pickUp}; the card response itself was verified when the card client
 *       answered) — else {@link CardLoginException} with the protocol's code;
 *   <li>the verified card is bound to a resident — else {@link UnregisteredCardException}, and the
 *       browser goes on to registration;
 *   <li>the resident exists and is active — else {@code account_deactivated}.
 * </ol>
 *
 * <p>The login carries the {@code acr} the card earned (revocation checked or not) and the card's
 * RFC 8176 {@code amr} ({@link AuthenticationContextClass#JPKI_AMR}); its time is the clock's when
 * the browser completes.
 */
public final class CardTransactionAuthenticationProvider implements AuthenticationProvider {

  private final JpkiTransactionService transactions;
  private final ResidentService residents;
  private final Clock clock;

  public CardTransactionAuthenticationProvider(
      JpkiTransactionService transactions, ResidentService residents, Clock clock) {
    this.transactions = transactions;
    this.residents = residents;
    this.clock = clock;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    if (authentication instanceof RegisteredCardAuthenticationToken registered) {
      return signedIn(registered.residentId(), registered.acr());
    }
    CardTransactionAuthenticationToken request =
        (CardTransactionAuthenticationToken) authentication;
    TransactionResult result;
    try {
      result = transactions.pickUp(request.transactionId(), request.binding());
    } catch (JpkiProtocolException e) {
      throw new CardLoginException(e.error(), e.getMessage());
    }
    return switch (result.outcome()) {
      case "login", "registered", "renewed" -> signedIn(result.residentId(), result.acr());
      case "unregistered" ->
          throw new UnregisteredCardException(
              new BrowserSession.PendingRegistration(result.credential(), result.acr()));
      default ->
          throw new CardLoginException(
              JpkiError.SERVER_ERROR, "the transaction's outcome is not a login");
    };
  }

  private Authentication signedIn(String residentId, String acr) {
    if (residentId == null || acr == null || acr.isBlank()) {
      throw new CardLoginException(JpkiError.SERVER_ERROR, "a completed login without a resident");
    }
    Resident resident =
        residents
            .findById(residentId)
            .orElseThrow(
                () ->
                    new CardLoginException(
                        JpkiError.SERVER_ERROR, "a completed login without a resident"));
    if (!resident.active()) {
      throw new CardLoginException(
          JpkiError.ACCOUNT_DEACTIVATED, "the account of this card is deactivated");
    }
    return new ResidentAuthentication(
            resident.ishikawaId(),
            clock.instant(),
            acr,
            AuthenticationContextClass.JPKI_AMR,
            LoginMethod.CARD)
        .toAuthentication();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return CardTransactionAuthenticationToken.class.isAssignableFrom(authentication)
        || RegisteredCardAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
