package jp.ishikawa.id.idp.par;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The first converter of the authorization endpoint: it never converts a request itself (it returns
 * {@code null} so Spring's converters do), it refuses two kinds of request first:
 *
 * <ol>
 *   <li>RFC 9126 §6: a client registered with {@code require-pushed-authorization-requests} sends
 *       its parameters directly instead of a {@code request_uri} from the PAR endpoint: {@code
 *       invalid_request}, redirected to the client when the {@code redirect_uri} is one it
 *       registered, else shown as an error without a redirect;
 *   <li>RFC 9126 §2.2 ({@code expires_in}): a {@code request_uri} past its expiry, measured with
 *       our injected {@link Clock}: {@code invalid_request}, and the pushed request is removed.
 *       (Spring's provider checks the same expiry against the system clock; its single-use rule —
 *       the pushed request is removed once a code or the consent screen is issued — stays
 *       Spring's.)
 * </ol>
 */
public final class PushedAuthorizationRequirement implements AuthenticationConverter {

  private static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
  private static final String DELIMITER = "___";
  private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
  private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc9126";

  private final RegisteredClientRepository clients;
  private final OAuth2AuthorizationService authorizations;
  private final Clock clock;

  public PushedAuthorizationRequirement(
      RegisteredClientRepository clients, OAuth2AuthorizationService authorizations, Clock clock) {
    this.clients = clients;
    this.authorizations = authorizations;
    this.clock = clock;
  }

  /** Whether {@code client} accepts only pushed authorization requests. */
  public static boolean requiresPushedRequests(RegisteredClient client) {
    return Boolean.TRUE.equals(
        client
            .getClientSettings()
            .getSetting(ClientSettingNames.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS));
  }

  @Override
  public Authentication convert(HttpServletRequest request) {
    String requestUri = request.getParameter(OAuth2ParameterNames.REQUEST_URI);
    if (requestUri != null) {
      refuseIfExpired(requestUri);
      return null;
    }
    if (request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) == null) {
      return null; // the consent form, or a request Spring's converter refuses
    }
    String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
    RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
    if (client == null || !requiresPushedRequests(client)) {
      return null;
    }
    OAuth2Error error =
        new OAuth2Error(
            OAuth2ErrorCodes.INVALID_REQUEST,
            "This client must push its authorization request to the PAR endpoint first",
            ERROR_URI);
    String redirectUri = request.getParameter(OAuth2ParameterNames.REDIRECT_URI);
    if (redirectUri == null || !client.getRedirectUris().contains(redirectUri)) {
      throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, null);
    }
    OAuth2AuthorizationCodeRequestAuthenticationToken answer =
        new OAuth2AuthorizationCodeRequestAuthenticationToken(
            request.getRequestURL().toString(),
            clientId,
            principal(),
            redirectUri,
            request.getParameter(OAuth2ParameterNames.STATE),
            Set.of(),
            Map.of());
    throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, answer);
  }

  private void refuseIfExpired(String requestUri) {
    int delimiter = requestUri.lastIndexOf(DELIMITER);
    if (!requestUri.startsWith(REQUEST_URI_PREFIX) || delimiter < 0) {
      return; // not ours: Spring's provider refuses it with invalid_request
    }
    Instant expiresAt;
    try {
      expiresAt =
          Instant.ofEpochMilli(
              Long.parseLong(requestUri.substring(delimiter + DELIMITER.length())));
    } catch (NumberFormatException e) {
      return;
    }
    if (clock.instant().isBefore(expiresAt)) {
      return;
    }
    OAuth2Authorization pushed =
        authorizations.findByToken(requestUri.substring(REQUEST_URI_PREFIX.length()), STATE);
    if (pushed != null) {
      authorizations.remove(pushed);
    }
    throw new OAuth2AuthorizationCodeRequestAuthenticationException(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "The request_uri has expired", ERROR_URI),
        null);
  }

  private static Authentication principal() {
    Authentication current = SecurityContextHolder.getContext().getAuthentication();
    return current != null
        ? current
        : new AnonymousAuthenticationToken(
            "anonymous", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
  }
}
