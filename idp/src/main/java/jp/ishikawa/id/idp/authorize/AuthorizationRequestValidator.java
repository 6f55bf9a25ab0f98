package jp.ishikawa.id.idp.authorize;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * Our checks of an authorization request, after Spring's (client, {@code redirect_uri}, {@code
 * scope}), so every refusal here goes back to the validated redirect URI with {@code state} and
 * {@code iss}. Spring runs them twice: before the login (so a bad request never reaches the login
 * page, and {@code prompt=none} never shows it) and after.
 *
 * <p>In this order:
 *
 * <ol>
 *   <li>{@code request} (RFC 9101 request objects) → {@code request_not_supported}; OIDC Core §6.1:
 *       "the OP MUST return request_not_supported" when it does not support them. (A {@code
 *       request_uri} that is not a pushed request is refused earlier, by {@link
 *       AuthorizationRequestConverter}.)
 *   <li>{@code response_mode} other than {@code query} → {@code invalid_request}: we answer only in
 *       the query, and must not pretend otherwise.
 *   <li>an S256 {@code code_challenge} that is not 43 base64url characters → {@code
 *       invalid_request} (RFC 7636 §4.2: BASE64URL of a SHA-256 hash).
 *   <li>a client with {@code require-pkce: false} and no {@code code_challenge}: an OpenID Connect
 *       request with {@code nonce} is required, the code's protection then (OIDC Core §3.1.2.1).
 *   <li>{@code max_age} that is not a non-negative integer, a {@code claims} parameter that is not
 *       a JSON object → {@code invalid_request}.
 *   <li>no {@code code_challenge} from a client that requires PKCE, {@code prompt=none} with
 *       another prompt → {@code invalid_request} (Spring checks these after us as well; we check
 *       them first so that they come before {@code login_required}).
 *   <li>{@code prompt=none} without a signed-in resident → {@code login_required} (OIDC Core
 *       §3.1.2.6), instead of the login page.
 *   <li>an essential {@code acr} (via {@code claims}) the resident's login does not meet → {@code
 *       unmet_authentication_requirements} (OpenID Connect Core errata, §5.5.1.1). Voluntary {@code
 *       acr_values} are a wish: the ID token says the {@code acr} that happened.
 * </ol>
 */
public final class AuthorizationRequestValidator
    implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

  private static final String ERROR_URI =
      "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";
  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> spring =
      new OAuth2AuthorizationCodeRequestAuthenticationValidator();

  @Override
  public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    spring.accept(context);
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    Map<String, Object> parameters = request.getAdditionalParameters();
    if (parameters.containsKey("request")) {
      throw error("request_not_supported", "request objects are not supported", request);
    }
    Object responseMode = parameters.get("response_mode");
    if (responseMode != null && !"query".equals(responseMode)) {
      throw error(
          OAuth2ErrorCodes.INVALID_REQUEST,
          "response_mode " + responseMode + " is not supported; use query",
          request);
    }
    Object challenge = parameters.get(PkceParameterNames.CODE_CHALLENGE);
    if (challenge != null && !S256_CHALLENGE.matcher(challenge.toString()).matches()) {
      throw error(
          OAuth2ErrorCodes.INVALID_REQUEST,
          "code_challenge must be the 43-character base64url S256 hash",
          request);
    }
    boolean openId = request.getScopes().contains(OidcScopes.OPENID);
    if (challenge == null
        && !context.getRegisteredClient().getClientSettings().isRequireProofKey()
        && (!openId || parameters.get(OidcParameterNames.NONCE) == null)) {
      throw error(
          OAuth2ErrorCodes.INVALID_REQUEST,
          "without code_challenge, an OpenID Connect request must carry a nonce",
          request);
    }
    Object maxAge = parameters.get("max_age");
    if (maxAge != null && !maxAge.toString().matches("[0-9]{1,10}")) {
      throw error(OAuth2ErrorCodes.INVALID_REQUEST, "max_age must be seconds", request);
    }
    Optional<ClaimsRequest> claims;
    try {
      claims = ClaimsRequest.of(parameters.get("claims"));
    } catch (IllegalArgumentException e) {
      throw error(OAuth2ErrorCodes.INVALID_REQUEST, e.getMessage(), request);
    }
    if (challenge == null
        && context.getRegisteredClient().getClientSettings().isRequireProofKey()) {
      throw error(OAuth2ErrorCodes.INVALID_REQUEST, "code_challenge (S256) is required", request);
    }
    if (!openId) {
      return;
    }
    List<String> prompts = prompts(parameters);
    if (prompts.contains("none") && prompts.size() > 1) {
      throw error(
          OAuth2ErrorCodes.INVALID_REQUEST, "prompt=none goes with no other prompt", request);
    }
    Authentication principal = (Authentication) request.getPrincipal();
    boolean signedIn = ResidentAuthentication.isResident(principal);
    if (!signedIn && prompts.contains("none")) {
      throw error("login_required", "the resident is not signed in", request);
    }
    if (signedIn && claims.isPresent()) {
      String acr = ResidentAuthentication.acr(principal).orElse("");
      if (!claims.get().acrMet(acr)) {
        throw error(
            "unmet_authentication_requirements",
            "the login cannot meet the essential acr requested",
            request);
      }
    }
  }

  private static List<String> prompts(Map<String, Object> parameters) {
    Object prompt = parameters.get("prompt");
    return prompt == null
        ? List.of()
        : Arrays.stream(prompt.toString().split(" ")).filter(p -> !p.isEmpty()).distinct().toList();
  }

  private static OAuth2AuthorizationCodeRequestAuthenticationException error(
      String code, String description, OAuth2AuthorizationCodeRequestAuthenticationToken request) {
    // The request as Spring validated it: with its redirect URI, so the error goes to the client.
    OAuth2AuthorizationCodeRequestAuthenticationToken failed =
        new OAuth2AuthorizationCodeRequestAuthenticationToken(
            request.getAuthorizationUri(),
            request.getClientId(),
            (Authentication) request.getPrincipal(),
            request.getRedirectUri(),
            request.getState(),
            request.getScopes(),
            request.getAdditionalParameters());
    return new OAuth2AuthorizationCodeRequestAuthenticationException(
        new OAuth2Error(code, description, ERROR_URI), failed);
  }
}
