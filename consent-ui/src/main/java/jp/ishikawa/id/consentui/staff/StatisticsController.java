package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consent statistics for auditors: consents given and withdrawn per service and per day, as an
 * Apache ECharts chart (served from this app, its {@code aria} description and decal patterns on)
 * with the same figures in a table beside it. The days are Japan's days, from the first to the last
 * day chosen (the last 30 days by default; at most 366, as the API allows).
 */
@Controller
class StatisticsController {

  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 366;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ManagementApiClient api;
  private final Clock clock;
  private final MessageSource messages;
  private final StaffRoleProbe probe;

  StatisticsController(
      ManagementApiClient api, Clock clock, MessageSource messages, StaffRoleProbe probe) {
    this.api = api;
    this.clock = clock;
    this.messages = messages;
    this.probe = probe;
  }

  @GetMapping(StaffPaths.STATISTICS)
  String statistics(
      HttpServletRequest request,
      @RequestParam(name = "from", required = false) @Nullable String from,
      @RequestParam(name = "to", required = false) @Nullable String to,
      HttpServletResponse response,
      java.util.Locale locale,
      Model model) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.auditor(), "auditor");
    LocalDate today = LocalDate.now(clock.withZone(StaffTime.TOKYO));
    LocalDate last;
    LocalDate first;
    try {
      last = to == null || to.isBlank() ? today : LocalDate.parse(to.strip());
      first =
          from == null || from.isBlank()
              ? last.minusDays(DEFAULT_DAYS - 1)
              : LocalDate.parse(from.strip());
    } catch (DateTimeException e) {
      return refused(response, model, from, to, "date");
    }
    if (first.isAfter(last)) {
      return refused(response, model, from, to, "range");
    }
    if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
      return refused(response, model, from, to, "too_long");
    }
    model.addAttribute("from", first.toString());
    model.addAttribute("to", last.toString());
    Map<String, Object> statistics =
        api.get(
            "/api/admin/statistics/consents?from={from}&to={to}",
            StaffTime.startOf(first),
            StaffTime.startOf(last.plusDays(1)));
    ConsentChart chart = ConsentChart.of(statistics);
    model.addAttribute("chart", chart);
    model.addAttribute("chartJson", chartJson(chart, locale));
    model.addAttribute("error", null);
    return "staff/statistics";
  }

  /** What the script draws: the series and the words for the chart, in the page's language. */
  String chartJson(ConsentChart chart, java.util.Locale locale) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", messages.getMessage("staff.statistics.chart.title", null, locale));
    data.put("given", messages.getMessage("staff.statistics.given", null, locale));
    data.put("withdrawn", messages.getMessage("staff.statistics.withdrawn", null, locale));
    data.put("days", chart.days());
    data.put("services", chart.services());
    return JSON.writeValueAsString(data);
  }

  private static String refused(
      HttpServletResponse response,
      Model model,
      @Nullable String from,
      @Nullable String to,
      String error) {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("from", from == null ? "" : from);
    model.addAttribute("to", to == null ? "" : to);
    model.addAttribute("chart", null);
    model.addAttribute("error", error);
    return "staff/statistics";
  }
}
