package jp.ishikawa.id.idp.authorize;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.token.SubjectIdentifiers;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

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
 *   <li>a client with {@code require-pkce: false} and no {@code code_challenge}: only an OpenID
 *       Connect request ({@code openid} scope) is accepted. Its {@code nonce} stays optional, as
 *       OIDC Core §3.1.2.1 has it for the code flow (the conformance suite's {@code
 *       oidcc-ensure-request-without-nonce-succeeds-for-code-flow}); such a client's code is then
 *       protected by its secret and exact redirect URI, and relying-parties.md tells it to send a
 *       {@code nonce}.
 *   <li>{@code max_age} that is not a non-negative integer, a {@code claims} parameter that is not
 *       a JSON object → {@code invalid_request}.
 *   <li>no {@code code_challenge} from a client that requires PKCE, {@code prompt=none} with
 *       another prompt → {@code invalid_request} (Spring checks these after us as well; we check
 *       them first so that they come before {@code login_required}).
 *   <li>{@code prompt=none} without a signed-in resident → {@code login_required} (OIDC Core
 *       §3.1.2.6), instead of the login page.
 *   <li>{@code id_token_hint} not an ID token we signed, or issued to another client → {@code
 *       invalid_request}; naming another resident than the one signed in → {@code login_required}
 *       (OIDC Core §3.1.2.1: "If the End-User identified by the ID Token is logged in or is logged
 *       in by the request, then the Authorization Server returns a positive response; otherwise, it
 *       SHOULD return an error, such as login_required").
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
  private final IdTokenHint idTokenHints;
  private final SubjectIdentifiers subjects;

  public AuthorizationRequestValidator(IdTokenHint idTokenHints, SubjectIdentifiers subjects) {
    this.idTokenHints = idTokenHints;
    this.subjects = subjects;
  }

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
        && !openId) {
      throw error(
          OAuth2ErrorCodes.INVALID_REQUEST,
          "without code_challenge, only an OpenID Connect request (scope openid) is accepted",
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
    IdTokenHint.Hint hint = null;
    Object hintValue = parameters.get("id_token_hint");
    if (hintValue != null) {
      try {
        hint = idTokenHints.read(hintValue.toString());
      } catch (IllegalArgumentException e) {
        throw error(OAuth2ErrorCodes.INVALID_REQUEST, e.getMessage(), request);
      }
      if (hint.audience() == null || !hint.audience().contains(request.getClientId())) {
        throw error(
            OAuth2ErrorCodes.INVALID_REQUEST,
            "id_token_hint was issued to another client",
            request);
      }
    }
    Authentication principal = (Authentication) request.getPrincipal();
    boolean signedIn = ResidentAuthentication.isResident(principal);
    // A pushed request (RFC 9126) is validated before any resident is there: its principal is the
    // client. prompt=none is then decided when the browser brings the request_uri.
    boolean pushed = principal instanceof OAuth2ClientAuthenticationToken;
    if (!signedIn && !pushed && prompts.contains("none")) {
      throw error("login_required", "the resident is not signed in", request);
    }
    if (signedIn
        && hint != null
        && !hint.subject()
            .equals(subjects.subjectFor(context.getRegisteredClient(), principal.getName()))) {
      throw error(
          "login_required", "the signed-in resident is not the one of id_token_hint", request);
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
