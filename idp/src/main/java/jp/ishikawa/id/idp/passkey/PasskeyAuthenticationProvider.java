package jp.ishikawa.id.idp.passkey;

import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * Passkey login as a Spring Security mechanism, next to the card's: turns Spring's {@link
 * WebAuthnAuthenticationRequestToken} (read by its {@code WebAuthnAuthenticationFilter} from {@code
 * POST /login/webauthn}) into a {@link ResidentAuthentication} of {@link LoginMethod#PASSKEY}, so a
 * passkey login is audited, stored and turned into tokens exactly as a card login is. It takes the
 * place of Spring's {@code WebAuthnAuthenticationProvider}, whose {@code WebAuthnAuthentication}
 * carries no {@code acr}, {@code amr} or login time.
 *
 * <p>The checks, in order (each refusal a {@link PasskeyLoginException} with its {@link
 * PasskeyError}; nothing is written before the last one passed):
 *
 * <ol>
 *   <li>the credential id is a registered passkey — else {@code unknown_credential};
 *   <li>the assertion's user handle is the one the passkey was registered for (WebAuthn §7.2 step
 *       6: Spring's relying party does not check it) — else {@code user_handle_mismatch};
 *   <li>the signature counter went up, unless the authenticator keeps none (both zero; WebAuthn
 *       §7.2 step 21; Spring's relying party compares with the counter at registration only) — else
 *       {@code counter_regressed}, a possibly cloned authenticator;
 *   <li>webauthn4j's verification through Spring's relying party: the challenge is this session's
 *       ({@code bad_challenge}), the origin and RP ID are the IdP's ({@code bad_origin}, {@code
 *       bad_rp_id}), user presence, and the signature with the registered key ({@code
 *       bad_signature}); the relying party then records the new counter and last use;
 *   <li>the passkey's resident exists and is active — else {@code account_deactivated}.
 * </ol>
 *
 * <p>(A replayed assertion is refused before all this, by the filter: the session's challenge is
 * used up by the first attempt, {@code no_challenge}.) The login's {@code acr} is {@link
 * AuthenticationContextClass#PASSKEY}; its {@code amr} what the verified flags tell ({@link
 * AuthenticatorFlags#amr()}).
 */
public final class PasskeyAuthenticationProvider implements AuthenticationProvider {

  private final WebAuthnRelyingPartyOperations relyingParty;
  private final UserCredentialRepository credentials;
  private final Function<String, Optional<Resident>> residents;
  private final Clock clock;

  /**
   * @param residents finds a resident by Ishikawa ID ({@code ResidentService::findByIshikawaId})
   */
  public PasskeyAuthenticationProvider(
      WebAuthnRelyingPartyOperations relyingParty,
      UserCredentialRepository credentials,
      Function<String, Optional<Resident>> residents,
      Clock clock) {
    this.relyingParty = relyingParty;
    this.credentials = credentials;
    this.residents = residents;
    this.clock = clock;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    RelyingPartyAuthenticationRequest request =
        ((WebAuthnAuthenticationRequestToken) authentication).getWebAuthnRequest();
    PublicKeyCredential<AuthenticatorAssertionResponse> assertion = request.getPublicKey();
    if (assertion == null || assertion.getRawId() == null || assertion.getResponse() == null) {
      throw new PasskeyLoginException(PasskeyError.MALFORMED, "no assertion");
    }
    CredentialRecord record = credentials.findByCredentialId(assertion.getRawId());
    if (record == null) {
      throw new PasskeyLoginException(
          PasskeyError.UNKNOWN_CREDENTIAL, "no passkey is registered with this credential id");
    }
    Bytes userHandle = assertion.getResponse().getUserHandle();
    if (userHandle == null || !userHandle.equals(record.getUserEntityUserId())) {
      throw new PasskeyLoginException(
          PasskeyError.USER_HANDLE_MISMATCH,
          "the user handle is not the one the passkey was registered for");
    }
    AuthenticatorFlags flags;
    try {
      flags = AuthenticatorFlags.of(assertion.getResponse().getAuthenticatorData().getBytes());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PasskeyLoginException(PasskeyError.MALFORMED, "truncated authenticator data");
    }
    long stored = record.getSignatureCount();
    if ((flags.signCount() != 0 || stored != 0) && flags.signCount() <= stored) {
      throw new PasskeyLoginException(
          PasskeyError.COUNTER_REGRESSED,
          "the signature counter did not go up: the authenticator may have been cloned");
    }
    PublicKeyCredentialUserEntity user = verify(request);
    Resident resident =
        residents
            .apply(user.getName())
            .orElseThrow(
                () ->
                    new PasskeyLoginException(
                        PasskeyError.UNKNOWN_CREDENTIAL, "the passkey's resident is unknown"));
    if (!resident.active()) {
      throw new PasskeyLoginException(
          PasskeyError.ACCOUNT_DEACTIVATED, "the account of this passkey is deactivated");
    }
    return new ResidentAuthentication(
            resident.ishikawaId(),
            clock.instant(),
            AuthenticationContextClass.PASSKEY,
            flags.amr(),
            LoginMethod.PASSKEY)
        .toAuthentication();
  }

  private PublicKeyCredentialUserEntity verify(RelyingPartyAuthenticationRequest request) {
    try {
      return relyingParty.authenticate(request);
    } catch (BadChallengeException e) {
      throw new PasskeyLoginException(PasskeyError.BAD_CHALLENGE, "another challenge was signed");
    } catch (BadOriginException e) {
      throw new PasskeyLoginException(PasskeyError.BAD_ORIGIN, "the origin is not this IdP's");
    } catch (BadRpIdException e) {
      throw new PasskeyLoginException(PasskeyError.BAD_RP_ID, "the RP ID is not this IdP's");
    } catch (BadSignatureException e) {
      throw new PasskeyLoginException(PasskeyError.BAD_SIGNATURE, "the signature is not valid");
    } catch (MaliciousCounterValueException e) {
      throw new PasskeyLoginException(
          PasskeyError.COUNTER_REGRESSED, "the signature counter did not go up");
    } catch (VerificationException e) {
      throw new PasskeyLoginException(PasskeyError.ASSERTION_REFUSED, e.getMessage());
    } catch (DataConversionException | IllegalArgumentException e) {
      throw new PasskeyLoginException(PasskeyError.MALFORMED, "the assertion cannot be read");
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
  }
}
