package jp.ishikawa.id.consentui.resident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One consent record as {@code GET /api/me/consents} gives it (docs/management-api.md), read
 * leniently: {@code clientName} and {@code lastUsedAt} (in either spelling) are used when the API
 * sends them and simply not shown when it does not.
 *
 * @param lastUsedKnown whether the API says when the service last used the data at all
 */
record Consent(
    String id,
    String clientId,
    String service,
    String status,
    List<String> dataItems,
    @Nullable String purposes,
    @Nullable String collectionMethod,
    @Nullable Instant givenAt,
    @Nullable Instant withdrawnAt,
    boolean lastUsedKnown,
    @Nullable Instant lastUsedAt) {

  static final String GIVEN = "given";

  static Consent of(Map<?, ?> json) {
    String clientId = text(json, "client_id", "clientId");
    String name = text(json, "client_name", "clientName");
    if (name == null) {
      name = text(json, "service", "service");
    }
    boolean lastUsedKnown = json.containsKey("last_used_at") || json.containsKey("lastUsedAt");
    return new Consent(
        Objects.requireNonNullElse(text(json, "id", "id"), ""),
        Objects.requireNonNullElse(clientId, ""),
        Objects.requireNonNullElse(name, Objects.requireNonNullElse(clientId, "")),
        Objects.requireNonNullElse(text(json, "status", "status"), ""),
        json.get("data_items") instanceof List<?> items
            ? items.stream().map(String::valueOf).toList()
            : List.of(),
        text(json, "purposes", "purposes"),
        text(json, "collection_method", "collectionMethod"),
        ResidentDates.instant(json.get("given_at")),
        ResidentDates.instant(json.get("withdrawn_at")),
        lastUsedKnown,
        ResidentDates.instant(
            json.containsKey("last_used_at") ? json.get("last_used_at") : json.get("lastUsedAt")));
  }

  /** Every record in a {@code {"consents": [...]}} answer, in the API's order (newest first). */
  static List<Consent> list(Map<String, Object> answer) {
    return answer.get("consents") instanceof List<?> records
        ? records.stream().filter(Map.class::isInstance).map(r -> of((Map<?, ?>) r)).toList()
        : List.of();
  }

  boolean given() {
    return GIVEN.equals(status);
  }

  private static @Nullable String text(Map<?, ?> json, String snake, String camel) {
    Object value = json.containsKey(snake) ? json.get(snake) : json.get(camel);
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
