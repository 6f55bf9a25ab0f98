package jp.ishikawa.id.idp.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsRepository;

/**
 * Keeps the WebAuthn login options of a ceremony in progress (above all its challenge) in the HTTP
 * session, as plain serialisable values: Spring's option types are not {@link Serializable}, so its
 * own session repositories fail with sessions in Redis (the production store), and any node must be
 * able to finish a ceremony another node started. Kept: what the relying party checks afterwards
 * (challenge, RP ID, user verification, allowed or excluded credential ids, the user entity, the
 * algorithms). Loading does not remove: Spring's filters save {@code null} once they have read the
 * options, so each challenge is used once.
 */
public final class SessionLoginOptions implements PublicKeyCredentialRequestOptionsRepository {

  private static final String REQUEST = SessionLoginOptions.class.getName() + ".options";

  /** The login options kept. */
  record Request(
      byte[] challenge,
      String rpId,
      String userVerification,
      long timeoutMillis,
      List<byte[]> allow)
      implements Serializable {}

  @Override
  public void save(
      HttpServletRequest request,
      HttpServletResponse response,
      PublicKeyCredentialRequestOptions options) {
    if (options == null) {
      CeremonyValues.remove(request, REQUEST);
      return;
    }
    request
        .getSession()
        .setAttribute(
            REQUEST,
            new Request(
                options.getChallenge().getBytes(),
                options.getRpId(),
                options.getUserVerification() == null
                    ? null
                    : options.getUserVerification().getValue(),
                options.getTimeout() == null ? 300_000 : options.getTimeout().toMillis(),
                options.getAllowCredentials() == null
                    ? List.of()
                    : options.getAllowCredentials().stream()
                        .map(d -> d.getId().getBytes())
                        .toList()));
  }

  @Override
  public PublicKeyCredentialRequestOptions load(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(REQUEST) instanceof Request kept)) {
      return null;
    }
    return PublicKeyCredentialRequestOptions.builder()
        .challenge(new Bytes(kept.challenge()))
        .rpId(kept.rpId())
        .userVerification(CeremonyValues.userVerification(kept.userVerification()))
        .timeout(Duration.ofMillis(kept.timeoutMillis()))
        .allowCredentials(CeremonyValues.descriptors(kept.allow()))
        .build();
  }
}
