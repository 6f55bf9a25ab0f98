package jp.ishikawa.id.idp.load;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How long and how wide the harness measures.
 *
 * @param window the measured window of each run
 * @param warmUp the unmeasured lead-in of each run (JIT, connection pools, caches)
 * @param workers the concurrency levels, each measured in turn
 * @param httpClients how many HTTP clients the workers share (each has its own connection pool and
 *     selector thread)
 * @param flows which flows to measure: {@value #REGISTRATION}, {@value #LOGIN}, {@value #OIDC},
 *     {@value #REFRESH}
 */
record LoadSettings(
    Duration window, Duration warmUp, List<Integer> workers, int httpClients, Set<String> flows) {

  static final String REGISTRATION = "registration";
  static final String LOGIN = "login";
  static final String OIDC = "oidc";
  static final String REFRESH = "refresh";
  static final Set<String> ALL_FLOWS = Set.of(REGISTRATION, LOGIN, OIDC, REFRESH);

  LoadSettings {
    if (!ALL_FLOWS.containsAll(flows)) {
      throw new IllegalArgumentException("flows are among " + ALL_FLOWS + ", not " + flows);
    }
  }

  int maxWorkers() {
    return workers.stream().mapToInt(Integer::intValue).max().orElse(1);
  }
}
