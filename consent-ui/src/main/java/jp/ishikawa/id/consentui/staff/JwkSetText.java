package jp.ishikawa.id.consentui.staff;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JWK set as pasted or uploaded, checked before it is sent so the staff member hears at once what
 * is wrong: not JSON, no {@code keys} array, a key without {@code kty}, or a private key member
 * (RFC 7518 §6.2.2, §6.3.2, §6.4.1 — the API refuses those too, and a private key must never leave
 * the service that owns it).
 */
final class JwkSetText {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The private members of EC, RSA and symmetric (oct) keys. */
  static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  private JwkSetText() {}

  /** The problem's message key suffix ({@code staff.service.error.<suffix>}), or null when fine. */
  static @Nullable String problem(String text, int maxBytes) {
    if (text.isEmpty()) {
      return "jwks_empty";
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      return "jwks_too_large";
    }
    JsonNode set;
    try {
      set = JSON.readTree(text);
    } catch (JacksonException e) {
      return "jwks_not_json";
    }
    JsonNode keys = set == null ? null : set.get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty()) {
      return "jwks_no_keys";
    }
    for (JsonNode key : keys) {
      if (!key.isObject() || !key.has("kty")) {
        return "jwks_no_keys";
      }
      for (String member : PRIVATE_MEMBERS) {
        if (key.has(member)) {
          return "jwks_private";
        }
      }
    }
    return null;
  }
}
