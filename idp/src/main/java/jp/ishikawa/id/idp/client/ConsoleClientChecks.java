package jp.ishikawa.id.idp.client;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the admin console checks of a client beyond the configured clients' rules ({@link
 * ConfiguredClients#toRegisteredClient}), each refusal a {@link ClientRefusal} naming the field:
 * the type and its token endpoint authentication method; a name without control characters; scopes
 * we support; redirect URIs that are https (http only to {@code localhost} or {@code 127.0.0.1})
 * without a fragment, wildcard or user info, at most {@value #MAX_URIS} of at most {@value
 * #MAX_URI_LENGTH} characters; a back-channel logout URI as for configured clients; a JWK set of
 * public EC P-256 or RSA signing keys only.
 */
final class ConsoleClientChecks {

  static final int MAX_URIS = 10;
  static final int MAX_URI_LENGTH = 300;
  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_KEYS = 10;

  /**
   * Members of a JWK that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4).
   */
  static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");

  private ConsoleClientChecks() {}

  static String method(String type, String requested) {
    String method = requested == null ? null : requested.trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "confidential", "machine" -> {
        if (method == null) {
          yield "client_secret_basic";
        }
        if (!Set.of("client_secret_basic", "client_secret_post", "private_key_jwt")
            .contains(method)) {
          throw ClientRefusal.invalid(
              "tokenEndpointAuthMethod of a "
                  + type
                  + " client is client_secret_basic, client_secret_post or private_key_jwt");
        }
        yield method;
      }
      case "public" -> {
        if (method != null && !method.equals("none")) {
          throw ClientRefusal.invalid("tokenEndpointAuthMethod of a public client is none");
        }
        yield "none";
      }
      default -> throw ClientRefusal.invalid("type is confidential, public or machine");
    };
  }

  static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ClientRefusal.invalid(field + " is required");
    }
    return value;
  }

  static String name(String name) {
    String value = required(name, "name").strip();
    if (value.length() > MAX_NAME_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw ClientRefusal.invalid(
          "name is at most " + MAX_NAME_LENGTH + " characters, without control characters");
    }
    return value;
  }

  static String subjectType(String subjectType) {
    if (!subjectType.equals("pairwise") && !subjectType.equals("public")) {
      throw ClientRefusal.invalid("subjectType is pairwise or public");
    }
    return subjectType;
  }

  static List<String> scopes(List<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      throw ClientRefusal.invalid("scopes is required");
    }
    Set<String> distinct = new LinkedHashSet<>(scopes);
    for (String scope : distinct) {
      if (!ConfiguredClients.SUPPORTED_SCOPES.contains(scope)
          && !ClientGrantTypes.API_SCOPES.contains(scope)) {
        throw ClientRefusal.invalid("scopes: unknown scope " + scope);
      }
    }
    return new ArrayList<>(distinct);
  }

  /**
   * Redirect URIs (RFC 9700 §2.1, §4.1.3: exact match, so no wildcard; RFC 6749 §3.1.2: absolute,
   * no fragment): https, or http to {@code localhost} / {@code 127.0.0.1} (native apps, RFC 8252
   * §7.3); no user info.
   */
  static List<String> redirectUris(String field, List<String> uris) {
    if (uris == null) {
      return new ArrayList<>();
    }
    if (uris.size() > MAX_URIS) {
      throw ClientRefusal.invalid(field + ": at most " + MAX_URIS + " URIs");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String value : uris) {
      if (value == null || value.length() > MAX_URI_LENGTH) {
        throw ClientRefusal.invalid(field + ": each URI is at most " + MAX_URI_LENGTH + " chars");
      }
      if (value.contains("*")) {
        throw ClientRefusal.invalid(field + ": no wildcard (redirect URIs match exactly)");
      }
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw ClientRefusal.invalid(field + ": not a URI: " + value);
      }
      if (uri.getRawFragment() != null || value.contains("#")) {
        throw ClientRefusal.invalid(field + ": no fragment (RFC 6749 §3.1.2)");
      }
      boolean https = "https".equals(uri.getScheme());
      boolean loopback =
          "http".equals(uri.getScheme())
              && uri.getHost() != null
              && LOOPBACK.contains(uri.getHost());
      if (!uri.isAbsolute() || uri.getHost() == null || !(https || loopback)) {
        throw ClientRefusal.invalid(
            field + ": https only (http only to localhost or 127.0.0.1): " + value);
      }
      if (uri.getRawUserInfo() != null) {
        throw ClientRefusal.invalid(field + ": no user info in a redirect URI");
      }
      distinct.add(value);
    }
    return new ArrayList<>(distinct);
  }

  static URI uri(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_URI_LENGTH) {
      throw ClientRefusal.invalid(field + " is at most " + MAX_URI_LENGTH + " characters");
    }
    try {
      return BackchannelLogoutUris.check("(console)", new URI(value));
    } catch (URISyntaxException e) {
      throw ClientRefusal.invalid(field + ": not a URI");
    } catch (IllegalStateException e) {
      throw ClientRefusal.invalid(
          field + ": must be an https URL (http only to loopback), without a fragment");
    }
  }

  /**
   * A JWK set of public keys only: every key EC P-256 or RSA, no private or symmetric member,
   * {@code use} absent or {@code sig}, at most {@value #MAX_KEYS}, and nothing but {@code keys}.
   */
  static JWKSet publicKeys(String jwks) {
    Map<String, Object> json;
    try {
      json = com.nimbusds.jose.util.JSONObjectUtils.parse(jwks);
    } catch (ParseException e) {
      throw ClientRefusal.invalid("jwks: not a JSON object");
    }
    if (!json.keySet().equals(Set.of("keys")) || !(json.get("keys") instanceof List<?> keys)) {
      throw ClientRefusal.invalid("jwks: a JWK set has one member, keys");
    }
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw ClientRefusal.invalid("jwks: 1 to " + MAX_KEYS + " keys");
    }
    for (Object key : keys) {
      if (!(key instanceof Map<?, ?> members)) {
        throw ClientRefusal.invalid("jwks: each key is a JSON object");
      }
      for (String member : PRIVATE_MEMBERS) {
        if (members.containsKey(member)) {
          throw ClientRefusal.invalid(
              "jwks: a key has the private member " + member + ": send public keys only");
        }
      }
      Object kty = members.get("kty");
      if (!"EC".equals(kty) && !"RSA".equals(kty)) {
        throw ClientRefusal.invalid("jwks: kty is EC or RSA, not " + kty);
      }
      Object use = members.get("use");
      if (use != null && !"sig".equals(use)) {
        throw ClientRefusal.invalid("jwks: use is sig");
      }
    }
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      throw ClientRefusal.invalid("jwks: not a JWK set: " + e.getMessage());
    }
    for (JWK key : set.getKeys()) {
      if (key.isPrivate()) {
        throw ClientRefusal.invalid("jwks: send public keys only");
      }
      if (KeyType.EC.equals(key.getKeyType()) && !Curve.P_256.equals(key.toECKey().getCurve())) {
        throw ClientRefusal.invalid("jwks: EC keys are P-256 (ES256)");
      }
      if (key.getAlgorithm() != null
          && !Set.of("ES256", "RS256").contains(key.getAlgorithm().getName())) {
        throw ClientRefusal.invalid("jwks: alg is ES256 or RS256");
      }
    }
    return set;
  }
}
