package jp.ishikawa.id.consentui.resident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The resident's cards ({@code GET /api/me/cards}) with a renewal reminder: a card whose
 * certificate expires within {@value #REMIND_DAYS} days (or has expired) says so, with the date and
 * the days left, and the first page points to it. A JPKI certificate is renewed at the city or town
 * office; logging in with the renewed card keeps the same Ishikawa ID.
 */
@Component
class CardReminders {

  static final int REMIND_DAYS = 90;

  /** Whether a reminder is due, and how urgent. */
  enum Renewal {
    NONE,
    SOON,
    EXPIRED
  }

  /** A card as the page shows it. */
  record CardView(
      @Nullable String validUntil,
      @Nullable String boundOn,
      @Nullable String lastUsedOn,
      Renewal renewal,
      long daysLeft) {}

  private final ManagementApiClient api;
  private final Clock clock;

  CardReminders(ManagementApiClient api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  List<CardView> cards(Locale locale) {
    Instant now = clock.instant();
    return list().stream()
        .map(
            card -> {
              Instant notAfter = ResidentDates.instant(card.get("not_after"));
              long daysLeft = notAfter == null ? Long.MAX_VALUE : daysLeft(now, notAfter);
              return new CardView(
                  ResidentDates.date(notAfter, locale),
                  ResidentDates.date(ResidentDates.instant(card.get("bound_at")), locale),
                  ResidentDates.date(ResidentDates.instant(card.get("last_used_at")), locale),
                  renewal(now, notAfter),
                  daysLeft);
            })
        .toList();
  }

  /** Whether any card needs renewing soon (or already). */
  boolean renewalDue() {
    Instant now = clock.instant();
    return list().stream()
        .anyMatch(
            card -> renewal(now, ResidentDates.instant(card.get("not_after"))) != Renewal.NONE);
  }

  static Renewal renewal(Instant now, @Nullable Instant notAfter) {
    if (notAfter == null) {
      return Renewal.NONE;
    }
    if (!notAfter.isAfter(now)) {
      return Renewal.EXPIRED;
    }
    return daysLeft(now, notAfter) <= REMIND_DAYS ? Renewal.SOON : Renewal.NONE;
  }

  /** Whole days left, rounded up: a certificate ending tomorrow morning has 1 day left. */
  static long daysLeft(Instant now, Instant notAfter) {
    Duration left = Duration.between(now, notAfter);
    long days = left.toDays();
    return left.minusDays(days).isZero() ? days : days + 1;
  }

  private List<Map<?, ?>> list() {
    return api.get("/api/me/cards").get("cards") instanceof List<?> cards
        ? cards.stream()
            .filter(Map.class::isInstance)
            .<Map<?, ?>>map(card -> (Map<?, ?>) card)
            .toList()
        : List.of();
  }
}
