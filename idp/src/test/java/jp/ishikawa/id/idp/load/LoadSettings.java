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
 * @param flows which flows to measure: {@value #REGISTRATION}, {@value #LOGIN}, {@value
 *     #COMPLETE_LOGIN}, {@value #OIDC}, {@value #REFRESH}, {@value #CLIENT_CREDENTIALS}, {@value
 *     #WAITING_ROOM}
 * @param admissionCapacity the waiting room's logins per second in the {@value #WAITING_ROOM} run
 *     (its crowd arrives at three times this)
 * @param repeats how many times the closed-loop flows are measured in turn against the same IdP, so
 *     that each figure comes with its run-to-run spread
 */
record LoadSettings(
    Duration window,
    Duration warmUp,
    List<Integer> workers,
    int httpClients,
    Set<String> flows,
    int admissionCapacity,
    int repeats) {

  static final String REGISTRATION = "registration";
  static final String LOGIN = "login";
  static final String COMPLETE_LOGIN = "complete-login";
  static final String OIDC = "oidc";
  static final String REFRESH = "refresh";
  static final String CLIENT_CREDENTIALS = "client-credentials";
  static final String WAITING_ROOM = "waiting-room";
  static final Set<String> ALL_FLOWS =
      Set.of(REGISTRATION, LOGIN, COMPLETE_LOGIN, OIDC, REFRESH, CLIENT_CREDENTIALS, WAITING_ROOM);

  /** The flows measured when none are named: all but the waiting room. */
  static final String DEFAULT_FLOWS =
      "registration,login,complete-login,oidc,refresh,client-credentials";

  /** Whether any flow other than the waiting room's is asked for. */
  boolean closedLoopFlows() {
    return flows.stream().anyMatch(f -> !f.equals(WAITING_ROOM));
  }

  LoadSettings {
    if (!ALL_FLOWS.containsAll(flows)) {
      throw new IllegalArgumentException("flows are among " + ALL_FLOWS + ", not " + flows);
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, not " + repeats);
    }
  }

  int maxWorkers() {
    return workers.stream().mapToInt(Integer::intValue).max().orElse(1);
  }
}
