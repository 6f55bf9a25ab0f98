package jp.ishikawa.id.idp.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;

/**
 * What {@link SessionLoginOptions} and {@link SessionRegistrationOptions} share when they turn the
 * plain values kept in the session back into Spring's WebAuthn options, and drop them.
 */
final class CeremonyValues {

  private CeremonyValues() {}

  static UserVerificationRequirement userVerification(String value) {
    if ("required".equals(value)) {
      return UserVerificationRequirement.REQUIRED;
    }
    if ("discouraged".equals(value)) {
      return UserVerificationRequirement.DISCOURAGED;
    }
    return UserVerificationRequirement.PREFERRED;
  }

  static List<PublicKeyCredentialDescriptor> descriptors(List<byte[]> ids) {
    return ids.stream()
        .map(id -> PublicKeyCredentialDescriptor.builder().id(new Bytes(id)).build())
        .toList();
  }

  static void remove(HttpServletRequest request, String attribute) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(attribute);
    }
  }
}
