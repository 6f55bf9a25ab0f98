package jp.ishikawa.id.consentui.staff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The API's consent statistics ({@code GET /api/admin/statistics/consents}: per service, per Tokyo
 * day, given and withdrawn) laid out twice: as the chart's series (every day of the answer on the
 * axis, 0 where a service had nothing) and as the table beside it, which says the same in text for
 * a screen reader or a printout (a chart alone is not WCAG AA).
 *
 * @param days the axis: every day that any service has, in order
 * @param services one entry per service: {@code clientId}, {@code given} and {@code withdrawn}
 *     counts per day (aligned with {@code days}), and their totals
 * @param rows the table: one row per service and day with any consent given or withdrawn
 */
public record ConsentChart(List<String> days, List<ServiceSeries> services, List<Row> rows) {

  /** One service's counts, aligned with {@link #days}. */
  public record ServiceSeries(
      String clientId,
      List<Long> given,
      List<Long> withdrawn,
      long givenTotal,
      long withdrawnTotal) {}

  /** A table row. */
  public record Row(String day, String clientId, long given, long withdrawn) {}

  static ConsentChart of(Map<String, Object> statistics) {
    List<Map<?, ?>> services = new ArrayList<>();
    if (statistics.get("services") instanceof List<?> list) {
      for (Object service : list) {
        if (service instanceof Map<?, ?> map) {
          services.add(map);
        }
      }
    }
    TreeSet<String> allDays = new TreeSet<>();
    Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
    for (Map<?, ?> service : services) {
      String clientId = String.valueOf(service.get("client_id"));
      Map<String, long[]> byDay = counts.computeIfAbsent(clientId, id -> new LinkedHashMap<>());
      if (service.get("days") instanceof List<?> days) {
        for (Object day : days) {
          if (day instanceof Map<?, ?> entry) {
            String date = String.valueOf(entry.get("date"));
            allDays.add(date);
            long[] pair = byDay.computeIfAbsent(date, d -> new long[2]);
            pair[0] += number(entry.get("given"));
            pair[1] += number(entry.get("withdrawn"));
          }
        }
      }
    }
    List<String> days = List.copyOf(allDays);
    List<ServiceSeries> series = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    counts.forEach(
        (clientId, byDay) -> {
          List<Long> given = new ArrayList<>();
          List<Long> withdrawn = new ArrayList<>();
          long givenTotal = 0;
          long withdrawnTotal = 0;
          for (String day : days) {
            long[] pair = byDay.getOrDefault(day, new long[2]);
            given.add(pair[0]);
            withdrawn.add(pair[1]);
            givenTotal += pair[0];
            withdrawnTotal += pair[1];
          }
          series.add(
              new ServiceSeries(
                  clientId,
                  List.copyOf(given),
                  List.copyOf(withdrawn),
                  givenTotal,
                  withdrawnTotal));
        });
    for (String day : days) {
      counts.forEach(
          (clientId, byDay) -> {
            long[] pair = byDay.get(day);
            if (pair != null && (pair[0] != 0 || pair[1] != 0)) {
              rows.add(new Row(day, clientId, pair[0], pair[1]));
            }
          });
    }
    return new ConsentChart(days, List.copyOf(series), List.copyOf(rows));
  }

  /** Whether there is anything to draw. */
  public boolean empty() {
    return rows.isEmpty();
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
