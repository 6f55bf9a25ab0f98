package jp.ishikawa.id.idp.management;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.idp.client.ConsoleClients;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin clients endpoints' request bodies, read strictly: at most {@value #MAX_BODY} bytes
 * ({@code 413} past it), JSON with no duplicate member, an object with only the fields the endpoint
 * knows (an unknown one is {@code 400}, never ignored), each of its type. The detail of a refusal
 * names the field.
 */
final class AdminClientRequests {

  static final int MAX_BODY = 16 * 1024;

  static final Set<String> CREATE_FIELDS =
      Set.of(
          "clientId",
          "name",
          "type",
          "tokenEndpointAuthMethod",
          "redirectUris",
          "postLogoutRedirectUris",
          "scopes",
          "subjectType",
          "backchannelLogoutUri");

  static final Set<String> PATCH_FIELDS =
      Set.of("name", "redirectUris", "postLogoutRedirectUris", "scopes", "backchannelLogoutUri");

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private AdminClientRequests() {}

  /** The body as text: refused when too large, absent or not JSON by its content type. */
  static String body(HttpServletRequest request, Set<String> mediaTypes) {
    String contentType = request.getContentType();
    String mediaType =
        contentType == null
            ? ""
            : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!mediaTypes.contains(mediaType)) {
      throw ApiProblem.of(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "invalid_request",
          "the body must be " + String.join(" or ", mediaTypes));
    }
    if (request.getContentLengthLong() > MAX_BODY) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw ApiProblem.invalidRequest("the body could not be read");
    }
    if (bytes.length > MAX_BODY) {
      throw tooLarge();
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ApiProblem tooLarge() {
    return ApiProblem.of(
        HttpStatus.CONTENT_TOO_LARGE,
        "invalid_request",
        "the body is larger than " + MAX_BODY + " bytes");
  }

  /** A JSON object with fields from {@code allowed} only. */
  static JsonNode object(String body, Set<String> allowed) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      throw ApiProblem.invalidRequest("the body is not well-formed JSON (or repeats a field)");
    }
    if (json == null || !json.isObject()) {
      throw ApiProblem.invalidRequest("the body must be a JSON object");
    }
    for (String name : json.propertyNames()) {
      if (!allowed.contains(name)) {
        throw ApiProblem.invalidRequest("unknown field " + name);
      }
    }
    return json;
  }

  static ConsoleClients.Draft draft(JsonNode json) {
    return new ConsoleClients.Draft(
        text(json, "clientId"),
        text(json, "name"),
        text(json, "type"),
        text(json, "tokenEndpointAuthMethod"),
        list(json, "redirectUris"),
        list(json, "postLogoutRedirectUris"),
        list(json, "scopes"),
        text(json, "subjectType"),
        text(json, "backchannelLogoutUri"));
  }

  static ConsoleClients.Changes changes(JsonNode json) {
    if (json.isEmpty()) {
      throw ApiProblem.invalidRequest("nothing to change: send at least one of " + PATCH_FIELDS);
    }
    for (String field : List.of("name", "redirectUris", "postLogoutRedirectUris", "scopes")) {
      if (json.has(field) && json.get(field).isNull()) {
        throw ApiProblem.invalidRequest(field + " cannot be null");
      }
    }
    boolean removeLogout =
        json.has("backchannelLogoutUri") && json.get("backchannelLogoutUri").isNull();
    return new ConsoleClients.Changes(
        text(json, "name"),
        list(json, "redirectUris"),
        list(json, "postLogoutRedirectUris"),
        list(json, "scopes"),
        text(json, "backchannelLogoutUri"),
        removeLogout);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw ApiProblem.invalidRequest(field + " must be a string");
    }
    return value.asString();
  }

  private static List<String> list(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw ApiProblem.invalidRequest(field + " must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isString()) {
        throw ApiProblem.invalidRequest(field + " must be an array of strings");
      }
      list.add(item.asString());
    }
    return list;
  }
}
