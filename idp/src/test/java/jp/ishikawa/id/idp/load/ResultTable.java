package jp.ishikawa.id.idp.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The harness's figures as a Markdown table, with error samples and notes below it. */
final class ResultTable {

  private ResultTable() {}

  private static String cores(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  static String format(List<Measurement> measurements) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| storage | flow | workers | run | per second | p50 ms | p95 ms | p99 ms | errors |"
            + " CPU ms/op: JVM | CPU ms/op: PostgreSQL+Redis | cores busy: JVM / PostgreSQL+Redis"
            + " / other programs |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : measurements) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %,.1f | %.1f | %.1f | %.1f | %d | %.2f | %s | %.2f / %s / %s |%n",
              m.storage(),
              m.flow(),
              m.workers(),
              m.run(),
              m.perSecond(),
              m.p50Millis(),
              m.p95Millis(),
              m.p99Millis(),
              m.errors(),
              m.jvmCpuMillisPerOperation(),
              m.storage().equals("embedded")
                  ? "—"
                  : String.format(Locale.ROOT, "%.2f", m.backendCpuMillisPerOperation()),
              m.jvmCores(),
              m.storage().equals("embedded") ? "—" : cores(m.backendCores()),
              cores(m.otherCores())));
    }
    for (Measurement m : measurements) {
      if (!m.note().isEmpty() || !m.errorSamples().isEmpty()) {
        out.append(
            String.format(
                "%n%s, %s × %d, run %d: %s",
                m.storage(), m.flow(), m.workers(), m.run(), m.note()));
        for (String sample : m.errorSamples()) {
          out.append("\n  - ").append(sample);
        }
      }
    }
    return out.toString();
  }

  /**
   * One row per storage, flow and concurrency over the repeated runs: each run's rate, their
   * median, range and spread ((max − min) ÷ median), and the median and range of p99.
   */
  static String spread(List<Measurement> measurements) {
    Map<String, List<Measurement>> groups = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      groups
          .computeIfAbsent(m.storage() + "|" + m.flow() + "|" + m.workers(), k -> new ArrayList<>())
          .add(m);
    }
    StringBuilder out = new StringBuilder();
    out.append("Run-to-run spread (the same IdP, the runs one after another):\n\n");
    out.append(
        "| storage | flow | workers | runs: per second | median /s | min–max /s | spread |"
            + " p99 ms: median (min–max) | errors |\n");
    out.append("|---|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (List<Measurement> group : groups.values()) {
      Measurement first = group.getFirst();
      double[] rates = group.stream().mapToDouble(Measurement::perSecond).sorted().toArray();
      double[] p99s = group.stream().mapToDouble(Measurement::p99Millis).sorted().toArray();
      double median = median(rates);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %,.1f | %,.1f–%,.1f | %.1f %% | %.1f (%.1f–%.1f) | %d |%n",
              first.storage(),
              first.flow(),
              first.workers(),
              group.stream()
                  .map(m -> String.format(Locale.ROOT, "%,.1f", m.perSecond()))
                  .collect(Collectors.joining(", ")),
              median,
              rates[0],
              rates[rates.length - 1],
              median == 0 ? 0 : 100 * (rates[rates.length - 1] - rates[0]) / median,
              median(p99s),
              p99s[0],
              p99s[p99s.length - 1],
              group.stream().mapToLong(Measurement::errors).sum()));
    }
    return out.toString().stripTrailing();
  }

  /**
   * One tab-separated line per measurement, for scripts ({@code idp/load/compare-commits.sh}):
   * {@code RESULT storage flow workers run per-second p50 p95 p99 errors}, the flow's spaces as
   * hyphens.
   */
  static String machineReadable(List<Measurement> measurements) {
    return measurements.stream()
        .map(
            m ->
                String.format(
                    Locale.ROOT,
                    "RESULT\t%s\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%d",
                    m.storage(),
                    m.flow().replace(' ', '-'),
                    m.workers(),
                    m.run(),
                    m.perSecond(),
                    m.p50Millis(),
                    m.p95Millis(),
                    m.p99Millis(),
                    m.errors()))
        .collect(Collectors.joining("\n"));
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
