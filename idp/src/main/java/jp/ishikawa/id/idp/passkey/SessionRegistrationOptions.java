package jp.ishikawa.id.idp.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps the WebAuthn registration options of a ceremony in progress (above all its challenge) in
 * the HTTP session, as plain serialisable values: Spring's option types are not {@link
 * Serializable}, so its own session repositories fail with sessions in Redis (the production
 * store), and any node must be able to finish a ceremony another node started. Kept: what the
 * relying party checks afterwards (challenge, RP ID, user verification, allowed or excluded
 * credential ids, the user entity, the algorithms). Loading does not remove: Spring's filters save
 * {@code null} once they have read the options, so each challenge is used once.
 */
public final class SessionRegistrationOptions
    implements PublicKeyCredentialCreationOptionsRepository {

  private static final String CREATION = SessionRegistrationOptions.class.getName() + ".options";

  /** The registration options kept. */
  record Creation(
      byte[] challenge,
      String rpId,
      String rpName,
      byte[] userId,
      String userName,
      String userDisplayName,
      String userVerification,
      String residentKey,
      List<Long> algorithms,
      long timeoutMillis,
      List<byte[]> exclude)
      implements Serializable {}

  @Override
  public void save(
      HttpServletRequest request,
      HttpServletResponse response,
      PublicKeyCredentialCreationOptions options) {
    if (options == null) {
      CeremonyValues.remove(request, CREATION);
      return;
    }
    AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
    request
        .getSession()
        .setAttribute(
            CREATION,
            new Creation(
                options.getChallenge().getBytes(),
                options.getRp().getId(),
                options.getRp().getName(),
                options.getUser().getId().getBytes(),
                options.getUser().getName(),
                options.getUser().getDisplayName(),
                selection == null || selection.getUserVerification() == null
                    ? null
                    : selection.getUserVerification().getValue(),
                selection == null || selection.getResidentKey() == null
                    ? null
                    : selection.getResidentKey().getValue(),
                options.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList(),
                options.getTimeout() == null ? 300_000 : options.getTimeout().toMillis(),
                options.getExcludeCredentials() == null
                    ? List.of()
                    : options.getExcludeCredentials().stream()
                        .map(d -> d.getId().getBytes())
                        .toList()));
  }

  @Override
  public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(CREATION) instanceof Creation kept)) {
      return null;
    }
    AuthenticatorSelectionCriteria.AuthenticatorSelectionCriteriaBuilder selection =
        AuthenticatorSelectionCriteria.builder()
            .userVerification(CeremonyValues.userVerification(kept.userVerification()));
    if (kept.residentKey() != null) {
      selection.residentKey(ResidentKeyRequirement.valueOf(kept.residentKey()));
    }
    return PublicKeyCredentialCreationOptions.builder()
        .challenge(new Bytes(kept.challenge()))
        .rp(PublicKeyCredentialRpEntity.builder().id(kept.rpId()).name(kept.rpName()).build())
        .user(
            ImmutablePublicKeyCredentialUserEntity.builder()
                .id(new Bytes(kept.userId()))
                .name(kept.userName())
                .displayName(kept.userDisplayName())
                .build())
        .authenticatorSelection(selection.build())
        .pubKeyCredParams(
            kept.algorithms().stream().map(SessionRegistrationOptions::parameters).toList())
        .timeout(Duration.ofMillis(kept.timeoutMillis()))
        .excludeCredentials(CeremonyValues.descriptors(kept.exclude()))
        .build();
  }

  private static PublicKeyCredentialParameters parameters(long algorithm) {
    for (PublicKeyCredentialParameters known :
        List.of(
            PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256,
            PublicKeyCredentialParameters.ES384,
            PublicKeyCredentialParameters.ES512,
            PublicKeyCredentialParameters.RS256,
            PublicKeyCredentialParameters.RS384,
            PublicKeyCredentialParameters.RS512)) {
      if (known.getAlg().getValue() == algorithm) {
        return known;
      }
    }
    throw new IllegalStateException("an algorithm this IdP never offers: " + algorithm);
  }
}
