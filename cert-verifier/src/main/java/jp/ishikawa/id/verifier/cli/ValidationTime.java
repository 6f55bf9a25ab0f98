package jp.ishikawa.id.verifier.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The one instant a command judges everything at: {@code --at} when given (an ISO-8601 instant,
 * {@code 2020-09-13T12:26:40Z}, or with an offset, {@code 2020-09-13T21:26:40+09:00}), otherwise
 * the system clock read once. Certificate validity, the root's validity and CRL freshness all use
 * it, so a run is consistent and an old rejection can be replayed at its own time.
 */
final class ValidationTime {

  private ValidationTime() {}

  static Instant of(CommandLine line, Clock system) throws CommandException {
    String at = line.value("at").orElse(null);
    if (at == null) {
      // Milliseconds are plenty for validity and CRL freshness, and keep the output readable.
      return system.instant().truncatedTo(ChronoUnit.MILLIS);
    }
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(at).toInstant();
      } catch (DateTimeParseException again) {
        throw new CommandException(
            line.command()
                + ": --at must be an ISO-8601 instant such as 2020-09-13T12:26:40Z, not "
                + at,
            again);
      }
    }
  }

  static Clock fixed(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
