package jp.ishikawa.id.idp.token;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of a stored authorization's attributes and token metadata ({@code oauth2_authorization}
 * columns {@code attributes} and {@code *_metadata}), in a form of our own that needs no Jackson
 * default typing.
 *
 * <p>Spring's form names a Java class beside every value and reads it back through an allow-list of
 * deserializers; on PostgreSQL + Redis that reading was 14 % of the CPU of a refresh grant
 * (docs/performance.md, issue 12), most of it spent building deserializers again on every read.
 * This form writes what those maps hold in practice — strings, booleans, whole numbers, instants,
 * dates, URLs (an issuer), lists, sets, string maps, a resident's {@link
 * UsernamePasswordAuthenticationToken} and an {@link OAuth2AuthorizationRequest} for the code grant
 * — as plain JSON, each non-string value under one tag ({@code {"$instant": "…"}}), and names no
 * class at all: reading it can build only those types. It starts with {@code
 * {"@format":"ishikawa-id/1"}}.
 *
 * <p>A map holding anything else is written in Spring's form, whole; reading tells the two forms
 * apart by that start, so rows written before this form existed still read. A stored value this
 * form cannot read is refused ({@link IllegalArgumentException}, as Spring's reader does), never
 * guessed at.
 */
final class StoredAuthorizationJson {

  static final String FORMAT = "ishikawa-id/1";
  private static final String FORMAT_KEY = "@format";
  private static final String START = "{\"" + FORMAT_KEY + "\":\"" + FORMAT + "\"";
  private static final String VALUES_KEY = "values";

  private static final TypeReference<Map<String, Object>> SPRING_MAP = new TypeReference<>() {};

  private final JsonMapper plain = JsonMapper.builder().build();
  private final JsonMapper spring =
      JsonMapper.builder()
          .addModules(
              SecurityJacksonModules.getModules(StoredAuthorizationJson.class.getClassLoader()))
          .build();
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;

  /** Whether {@code stored} is in this form (rather than Spring's). */
  static boolean isOwnForm(String stored) {
    return stored != null && stored.startsWith(START);
  }

  /** The stored JSON of {@code map}: this form if it can hold every value, else Spring's. */
  String write(Map<String, Object> map) {
    ObjectNode root = nodes.objectNode();
    root.put(FORMAT_KEY, FORMAT);
    ObjectNode values = root.putObject(VALUES_KEY);
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      JsonNode value = encode(entry.getValue());
      if (value == null) {
        return springForm(map);
      }
      values.set(entry.getKey(), value);
    }
    return plain.writeValueAsString(root);
  }

  /** The map {@code stored} holds, in either form. */
  Map<String, Object> read(String stored) {
    if (stored == null) {
      throw new IllegalArgumentException("no stored map");
    }
    if (!isOwnForm(stored)) {
      try {
        return spring.readValue(stored, SPRING_MAP);
      } catch (JacksonException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    JsonNode values;
    try {
      values = plain.readTree(stored).get(VALUES_KEY);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("stored map is not JSON", e);
    }
    if (values == null || !values.isObject()) {
      throw new IllegalArgumentException("stored map has no values object");
    }
    return decodeMap(values);
  }

  private String springForm(Map<String, Object> map) {
    try {
      return spring.writeValueAsString(map);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  // ---- writing: null means "this form cannot hold it"

  private JsonNode encode(Object value) {
    return switch (value) {
      case null -> nodes.nullNode();
      case String text -> nodes.stringNode(text);
      case Boolean flag -> nodes.booleanNode(flag);
      case Integer number -> tagged("$int", nodes.numberNode(number.intValue()));
      case Long number -> tagged("$long", nodes.numberNode(number.longValue()));
      case Instant instant -> tagged("$instant", nodes.stringNode(instant.toString()));
      // Only java.util.Date itself: its subclasses (java.sql.Timestamp) carry more than millis.
      case Date date when date.getClass() == Date.class ->
          tagged("$date", nodes.numberNode(date.getTime()));
      case URL url -> tagged("$url", nodes.stringNode(url.toExternalForm()));
      case String[] strings -> tagged("$strings", strings(List.of(strings)));
      case List<?> list -> elements("$list", list);
      case Set<?> set -> elements("$set", set);
      case Map<?, ?> map -> {
        ObjectNode encoded = encodeMap(map);
        yield encoded == null ? null : tagged("$map", encoded);
      }
      case UsernamePasswordAuthenticationToken login -> authentication(login);
      case OAuth2AuthorizationRequest request -> authorizationRequest(request);
      default -> null;
    };
  }

  private ObjectNode tagged(String tag, JsonNode value) {
    ObjectNode node = nodes.objectNode();
    node.set(tag, value);
    return node;
  }

  private ArrayNode strings(Collection<String> values) {
    ArrayNode array = nodes.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private JsonNode elements(String tag, Collection<?> values) {
    ArrayNode array = nodes.arrayNode();
    for (Object element : values) {
      JsonNode encoded = encode(element);
      if (encoded == null) {
        return null;
      }
      array.add(encoded);
    }
    return tagged(tag, array);
  }

  private ObjectNode encodeMap(Map<?, ?> map) {
    ObjectNode object = nodes.objectNode();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        return null;
      }
      JsonNode encoded = encode(entry.getValue());
      if (encoded == null) {
        return null;
      }
      object.set(key, encoded);
    }
    return object;
  }

  /** A resident's login as it is kept: name and authorities, no credentials, no details. */
  private JsonNode authentication(UsernamePasswordAuthenticationToken login) {
    if (login.getClass() != UsernamePasswordAuthenticationToken.class
        || !login.isAuthenticated()
        || login.getCredentials() != null
        || login.getDetails() != null
        || !(login.getPrincipal() instanceof String name)) {
      return null;
    }
    ArrayNode authorities = nodes.arrayNode();
    for (GrantedAuthority granted : login.getAuthorities()) {
      if (granted.getClass() == SimpleGrantedAuthority.class) {
        authorities.add(granted.getAuthority());
      } else if (granted instanceof FactorGrantedAuthority factor && factor.getIssuedAt() != null) {
        ObjectNode node = authorities.addObject();
        node.put("factor", factor.getAuthority());
        node.put("issuedAt", factor.getIssuedAt().toString());
      } else {
        return null;
      }
    }
    ObjectNode node = nodes.objectNode();
    node.put("name", name);
    node.set("authorities", authorities);
    return tagged("$authentication", node);
  }

  private JsonNode authorizationRequest(OAuth2AuthorizationRequest request) {
    if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType())) {
      return null;
    }
    ObjectNode additional = encodeMap(request.getAdditionalParameters());
    ObjectNode attributes = encodeMap(request.getAttributes());
    if (additional == null || attributes == null) {
      return null;
    }
    ObjectNode node = nodes.objectNode();
    node.put("authorizationUri", request.getAuthorizationUri());
    node.put("clientId", request.getClientId());
    node.put("redirectUri", request.getRedirectUri());
    node.set("scopes", strings(request.getScopes()));
    node.put("state", request.getState());
    node.set("additionalParameters", additional);
    node.set("attributes", attributes);
    node.put("authorizationRequestUri", request.getAuthorizationRequestUri());
    return tagged("$authorizationRequest", node);
  }

  // ---- reading: anything unexpected is refused

  private Map<String, Object> decodeMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      map.put(entry.getKey(), decode(entry.getValue()));
    }
    return map;
  }

  private Object decode(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException("a stored value is not a string, a boolean or one tag");
    }
    Map.Entry<String, JsonNode> tagged = node.properties().iterator().next();
    JsonNode value = tagged.getValue();
    return switch (tagged.getKey()) {
      case "$int" -> {
        require(value.isInt(), "$int");
        yield value.intValue();
      }
      case "$long" -> {
        require(value.isIntegralNumber() && value.canConvertToLong(), "$long");
        yield value.longValue();
      }
      case "$instant" -> instant(value, "$instant");
      case "$date" -> {
        require(value.isIntegralNumber() && value.canConvertToLong(), "$date");
        yield new Date(value.longValue());
      }
      case "$url" -> url(value);
      case "$strings" -> readStrings(value, "$strings").toArray(String[]::new);
      case "$list" -> {
        require(value.isArray(), "$list");
        List<Object> list = new ArrayList<>();
        value.values().forEach(element -> list.add(decode(element)));
        yield list;
      }
      case "$set" -> {
        require(value.isArray(), "$set");
        Set<Object> set = new LinkedHashSet<>();
        value.values().forEach(element -> set.add(decode(element)));
        yield set;
      }
      case "$map" -> {
        require(value.isObject(), "$map");
        yield decodeMap(value);
      }
      case "$authentication" -> readAuthentication(value);
      case "$authorizationRequest" -> readAuthorizationRequest(value);
      default -> throw new IllegalArgumentException("unknown stored tag " + tagged.getKey());
    };
  }

  private static void require(boolean condition, String tag) {
    if (!condition) {
      throw new IllegalArgumentException("malformed stored " + tag);
    }
  }

  private static Instant instant(JsonNode value, String what) {
    require(value != null && value.isString(), what);
    try {
      return Instant.parse(value.stringValue());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("malformed stored " + what, e);
    }
  }

  /** An issuer's URL ({@code iss} of Spring's tokens): absolute, or refused. */
  private static URL url(JsonNode value) {
    require(value.isString(), "$url");
    try {
      return new URI(value.stringValue()).toURL();
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed stored $url", e);
    }
  }

  private static String text(JsonNode object, String field, boolean required) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      require(!required, field);
      return null;
    }
    require(value.isString(), field);
    return value.stringValue();
  }

  private static List<String> readStrings(JsonNode value, String what) {
    require(value != null && value.isArray(), what);
    List<String> strings = new ArrayList<>();
    for (JsonNode element : value.values()) {
      require(element.isString(), what);
      strings.add(element.stringValue());
    }
    return strings;
  }

  private UsernamePasswordAuthenticationToken readAuthentication(JsonNode value) {
    require(value.isObject(), "$authentication");
    String name = text(value, "name", true);
    JsonNode stored = value.get("authorities");
    require(stored != null && stored.isArray(), "$authentication authorities");
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (JsonNode granted : stored.values()) {
      if (granted.isString()) {
        authorities.add(new SimpleGrantedAuthority(granted.stringValue()));
      } else {
        require(granted.isObject(), "$authentication authority");
        authorities.add(
            FactorGrantedAuthority.withAuthority(text(granted, "factor", true))
                .issuedAt(instant(granted.get("issuedAt"), "$authentication issuedAt"))
                .build());
      }
    }
    return UsernamePasswordAuthenticationToken.authenticated(name, null, authorities);
  }

  private OAuth2AuthorizationRequest readAuthorizationRequest(JsonNode value) {
    require(value.isObject(), "$authorizationRequest");
    JsonNode additional = value.get("additionalParameters");
    JsonNode attributes = value.get("attributes");
    require(additional != null && additional.isObject(), "$authorizationRequest parameters");
    require(attributes != null && attributes.isObject(), "$authorizationRequest attributes");
    Map<String, Object> additionalParameters = decodeMap(additional);
    Map<String, Object> requestAttributes = decodeMap(attributes);
    return OAuth2AuthorizationRequest.authorizationCode()
        .authorizationUri(text(value, "authorizationUri", true))
        .clientId(text(value, "clientId", true))
        .redirectUri(text(value, "redirectUri", false))
        .scopes(
            new LinkedHashSet<>(readStrings(value.get("scopes"), "$authorizationRequest scopes")))
        .state(text(value, "state", false))
        .additionalParameters(additionalParameters)
        .attributes(requestAttributes)
        .authorizationRequestUri(text(value, "authorizationRequestUri", true))
        .build();
  }
}
