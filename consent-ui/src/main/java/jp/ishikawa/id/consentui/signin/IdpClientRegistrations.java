package jp.ishikawa.id.consentui.signin;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The {@code ishikawa-id} registration, built from {@code spring.security.oauth2.client.*} and the
 * issuer's discovery document when it is first needed, then kept. Spring Boot's own repository
 * reads discovery at start-up, so consent-ui could not start while the IdP is down; this one
 * starts, and a sign-in while the IdP is unreachable fails with {@link IdpUnavailableException},
 * which the error page explains. A failed attempt is not kept: the next sign-in tries again.
 */
public final class IdpClientRegistrations implements ClientRegistrationRepository {

  /** The registration id, in the redirect URI {@code /login/oauth2/code/ishikawa-id}. */
  public static final String REGISTRATION_ID = "ishikawa-id";

  private final OAuth2ClientProperties properties;
  private final AtomicReference<Map<String, ClientRegistration>> registrations =
      new AtomicReference<>();

  public IdpClientRegistrations(OAuth2ClientProperties properties) {
    this.properties = properties;
  }

  @Override
  public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
    Map<String, ClientRegistration> known = registrations.get();
    if (known == null) {
      try {
        known = new OAuth2ClientPropertiesMapper(properties).asClientRegistrations();
      } catch (RuntimeException e) {
        // Discovery failed: the IdP is down or not yet started, or the issuer is wrong.
        throw new IdpUnavailableException(
            "the IdP's discovery document could not be read: " + e.getMessage(), e);
      }
      registrations.compareAndSet(null, known);
    }
    return known.get(registrationId);
  }
}
