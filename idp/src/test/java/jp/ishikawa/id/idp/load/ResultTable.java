package jp.ishikawa.id.idp.load;

import java.util.List;
import java.util.Locale;

/** The harness's figures as a Markdown table, with error samples and notes below it. */
final class ResultTable {

  private ResultTable() {}

  private static String cores(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  static String format(List<Measurement> measurements) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| storage | flow | workers | per second | p50 ms | p95 ms | p99 ms | errors |"
            + " CPU ms/op: JVM | CPU ms/op: PostgreSQL+Redis | cores busy: JVM / PostgreSQL+Redis"
            + " / other programs |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : measurements) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %,.1f | %.1f | %.1f | %.1f | %d | %.2f | %s | %.2f / %s / %s |%n",
              m.storage(),
              m.flow(),
              m.workers(),
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
            String.format("%n%s, %s × %d: %s", m.storage(), m.flow(), m.workers(), m.note()));
        for (String sample : m.errorSamples()) {
          out.append("\n  - ").append(sample);
        }
      }
    }
    return out.toString();
  }
}
