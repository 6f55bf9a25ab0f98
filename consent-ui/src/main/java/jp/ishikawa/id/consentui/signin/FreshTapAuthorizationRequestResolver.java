package jp.ishikawa.id.consentui.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * The authorization requests to the IdP: Spring Security's (authorization code with PKCE, state and
 * nonce), plus {@code max_age=0} and {@code acr_values=urn:ishikawa-id:acr:jpki} when a fresh card
 * tap was asked for ({@link FreshTap#begin}). An unreachable IdP (discovery failed) is marked on
 * the request, so the error page can say so plainly.
 */
public final class FreshTapAuthorizationRequestResolver
    implements OAuth2AuthorizationRequestResolver {

  private final DefaultOAuth2AuthorizationRequestResolver delegate;

  public FreshTapAuthorizationRequestResolver(ClientRegistrationRepository registrations) {
    this.delegate =
        new DefaultOAuth2AuthorizationRequestResolver(
            registrations,
            OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
    this.delegate.setAuthorizationRequestCustomizer(
        OAuth2AuthorizationRequestCustomizers.withPkce());
  }

  @Override
  public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
    return freshTapIfAsked(request, guarded(request, () -> delegate.resolve(request)));
  }

  @Override
  public @Nullable OAuth2AuthorizationRequest resolve(
      HttpServletRequest request, String clientRegistrationId) {
    return freshTapIfAsked(
        request, guarded(request, () -> delegate.resolve(request, clientRegistrationId)));
  }

  private static @Nullable OAuth2AuthorizationRequest guarded(
      HttpServletRequest request,
      java.util.function.Supplier<@Nullable OAuth2AuthorizationRequest> resolve) {
    try {
      return resolve.get();
    } catch (IdpUnavailableException e) {
      request.setAttribute(IdpUnavailableException.ATTRIBUTE, Boolean.TRUE);
      throw e;
    }
  }

  private static @Nullable OAuth2AuthorizationRequest freshTapIfAsked(
      HttpServletRequest request, @Nullable OAuth2AuthorizationRequest resolved) {
    if (resolved == null || !FreshTap.takeRequest(request)) {
      return resolved;
    }
    Consumer<Map<String, Object>> stepUp =
        parameters -> {
          parameters.put("max_age", "0");
          parameters.put("acr_values", FreshTap.ACR);
        };
    return OAuth2AuthorizationRequest.from(resolved).additionalParameters(stepUp).build();
  }
}
