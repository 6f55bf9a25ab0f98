package jp.ishikawa.id.idp.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples of the Prometheus text exposition format ({@code name{label="value",...} number}), from
 * one or more nodes' {@code /actuator/prometheus}.
 */
public final class PrometheusText {

  private record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final List<Sample> samples = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  public void add(String exposition) {
    text.append(exposition);
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line.trim());
      if (!sample.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
    }
  }

  /** The sum over every sample of {@code name} whose labels include {@code labels}. */
  public double sum(String name, Map<String, String> labels) {
    List<Sample> matching = matching(name, labels);
    if (matching.isEmpty()) {
      throw new AssertionError("no metric " + name + labels);
    }
    return matching.stream().mapToDouble(Sample::value).sum();
  }

  public double min(String name) {
    List<Sample> matching = matching(name, Map.of());
    if (matching.isEmpty()) {
      throw new AssertionError("no metric " + name);
    }
    return matching.stream().mapToDouble(Sample::value).min().orElseThrow();
  }

  public String text() {
    return text.toString();
  }

  private List<Sample> matching(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }
}
