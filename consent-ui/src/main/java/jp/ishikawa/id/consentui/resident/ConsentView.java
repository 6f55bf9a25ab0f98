package jp.ishikawa.id.consentui.resident;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A consent record as a page shows it: the service's name, what it received in plain words, the
 * purpose, the dates in the resident's language, and the state's message key.
 *
 * @param lastUsed null when the API said nothing; "" when it says the service never used it
 */
record ConsentView(
    String id,
    String clientId,
    String service,
    String status,
    String statusKey,
    List<String> received,
    boolean signInOnly,
    @Nullable String purposes,
    @Nullable String collectionMethod,
    @Nullable String given,
    @Nullable String givenAt,
    @Nullable String endedAt,
    @Nullable String lastUsed) {

  static ConsentView of(Consent consent, PlainWords words, Locale locale) {
    String lastUsed =
        !consent.lastUsedKnown()
            ? null
            : consent.lastUsedAt() == null ? "" : ResidentDates.date(consent.lastUsedAt(), locale);
    return new ConsentView(
        consent.id(),
        consent.clientId(),
        consent.service(),
        consent.status(),
        statusKey(consent.status()),
        words.received(consent.dataItems(), locale),
        PlainWords.signInOnly(consent.dataItems()),
        consent.purposes(),
        consent.collectionMethod(),
        ResidentDates.date(consent.givenAt(), locale),
        ResidentDates.dateTime(consent.givenAt(), locale),
        ResidentDates.dateTime(consent.withdrawnAt(), locale),
        lastUsed);
  }

  static String statusKey(String status) {
    return switch (status) {
      case "given", "superseded", "withdrawn", "expired" -> "status." + status;
      default -> "status.unknown";
    };
  }
}
