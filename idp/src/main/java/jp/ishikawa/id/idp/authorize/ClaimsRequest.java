package jp.ishikawa.id.idp.authorize;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code claims} authorization request parameter (OIDC Core §5.5): which claims the client asks
 * for in the ID token and at userinfo. We honour it for the claims we issue: a requested claim is
 * released when its scope was consented to (the request's scopes are widened by those scopes, so
 * the consent screen lists them — {@code AuthorizationRequestConverter}); and an essential {@code
 * acr} must be met.
 *
 * @param idToken claim names asked for in the ID token
 * @param userInfo claim names asked for at userinfo
 * @param essentialAcr the {@code acr} values of an essential {@code id_token.acr} request (empty
 *     when not essential; any of them meets it)
 */
public record ClaimsRequest(Set<String> idToken, Set<String> userInfo, List<String> essentialAcr) {

  /**
   * @param parameter the parameter's value, or null when absent
   * @throws IllegalArgumentException when it is not a JSON object of JSON objects
   */
  public static Optional<ClaimsRequest> of(Object parameter) {
    if (parameter == null) {
      return Optional.empty();
    }
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(parameter.toString());
    } catch (ParseException e) {
      throw new IllegalArgumentException("claims must be a JSON object");
    }
    Map<String, Object> idToken = member(json, "id_token");
    Map<String, Object> userInfo = member(json, "userinfo");
    List<String> essentialAcr = new ArrayList<>();
    if (idToken.get("acr") instanceof Map<?, ?> acr && Boolean.TRUE.equals(acr.get("essential"))) {
      if (acr.get("value") instanceof String value) {
        essentialAcr.add(value);
      }
      if (acr.get("values") instanceof List<?> values) {
        values.stream()
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .forEach(essentialAcr::add);
      }
      if (essentialAcr.isEmpty()) {
        // Essential without values: any acr meets it; we always issue one.
        essentialAcr.add("*");
      }
    }
    return Optional.of(
        new ClaimsRequest(
            new LinkedHashSet<>(idToken.keySet()),
            new LinkedHashSet<>(userInfo.keySet()),
            List.copyOf(essentialAcr)));
  }

  /** Whether {@code acr} meets the essential acr request (true when there is none). */
  public boolean acrMet(String acr) {
    return essentialAcr.isEmpty() || essentialAcr.contains("*") || essentialAcr.contains(acr);
  }

  /** Every claim name asked for, ID token and userinfo. */
  public Set<String> allClaims() {
    Set<String> all = new LinkedHashSet<>(idToken);
    all.addAll(userInfo);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> member(Map<String, Object> json, String name) {
    Object member = json.get(name);
    if (member == null) {
      return Map.of();
    }
    if (!(member instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("claims." + name + " must be a JSON object");
    }
    Map<String, Object> claims = (Map<String, Object>) member;
    for (Map.Entry<String, Object> claim : claims.entrySet()) {
      if (claim.getValue() != null && !(claim.getValue() instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(
            "claims." + name + "." + claim.getKey() + " must be null or a JSON object");
      }
    }
    return claims;
  }
}
