package jp.ishikawa.id.idp.management;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Consents given and withdrawn per service and per day (Japan time), counted from the consent
 * records: a record counts as given on the day it was given, and as withdrawn on the day it was
 * withdrawn (a superseded record is not a withdrawal). Counts only: never a resident.
 */
@Component
class ConsentStatistics {

  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final JdbcClient jdbc;

  ConsentStatistics(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  private record Row(String clientId, String status, Instant givenAt, Instant withdrawnAt) {}

  /** Per service (client id), per day from {@code from} until before {@code to}. */
  List<Map<String, Object>> perServicePerDay(Instant from, Instant to) {
    List<Row> rows =
        jdbc.sql(
                "SELECT client_id, status, given_at, withdrawn_at FROM consent_record"
                    + " WHERE (given_at >= ? AND given_at < ?)"
                    + " OR (withdrawn_at >= ? AND withdrawn_at < ?)")
            .params(
                Timestamp.from(from), Timestamp.from(to), Timestamp.from(from), Timestamp.from(to))
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString("client_id"),
                        rs.getString("status"),
                        rs.getTimestamp("given_at").toInstant(),
                        rs.getTimestamp("withdrawn_at") == null
                            ? null
                            : rs.getTimestamp("withdrawn_at").toInstant()))
            .list();
    Map<String, Map<LocalDate, int[]>> counts = new TreeMap<>();
    for (Row row : rows) {
      Map<LocalDate, int[]> days = counts.computeIfAbsent(row.clientId(), c -> new TreeMap<>());
      if (!row.givenAt().isBefore(from) && row.givenAt().isBefore(to)) {
        days.computeIfAbsent(day(row.givenAt()), d -> new int[2])[0]++;
      }
      if ("withdrawn".equals(row.status())
          && row.withdrawnAt() != null
          && !row.withdrawnAt().isBefore(from)
          && row.withdrawnAt().isBefore(to)) {
        days.computeIfAbsent(day(row.withdrawnAt()), d -> new int[2])[1]++;
      }
    }
    return counts.entrySet().stream()
        .map(
            service -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("client_id", service.getKey());
              json.put(
                  "days",
                  service.getValue().entrySet().stream()
                      .map(
                          day -> {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("date", day.getKey().toString());
                            d.put("given", day.getValue()[0]);
                            d.put("withdrawn", day.getValue()[1]);
                            return d;
                          })
                      .toList());
              return json;
            })
        .toList();
  }

  private static LocalDate day(Instant instant) {
    return instant.atZone(JAPAN).toLocalDate();
  }
}
