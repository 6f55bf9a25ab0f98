package jp.ishikawa.id.idp.load;

import java.util.List;

/**
 * What one closed-loop run measured: completed operations and errors in the measured window (after
 * the warm-up), latency percentiles of the completed ones, and CPU use in the window.
 *
 * @param flow what one operation is (e.g. "card login")
 * @param workers concurrent virtual residents or clients
 * @param run which of the repeated runs this is (1 when not repeated)
 * @param operations operations that started and completed successfully inside the window
 * @param errors operations that failed inside the window
 * @param seconds length of the window (shorter than asked when a card stock ran out)
 * @param p50Millis median latency of successful operations
 * @param jvmCpuMillisPerOperation this JVM's CPU (IdP and harness) per successful operation
 * @param backendCpuMillisPerOperation PostgreSQL's and Redis's CPU per successful operation
 * @param jvmCores cores this JVM kept busy on average during the window
 * @param backendCores cores PostgreSQL and Redis kept busy on average during the window
 * @param machineCores cores busy on the whole machine on average (this JVM, the backends and any
 *     other program), NaN when unknown
 * @param errorSamples up to a few distinct failure messages
 * @param note anything that qualifies the figures, or empty
 */
record Measurement(
    String storage,
    String flow,
    int workers,
    int run,
    long operations,
    long errors,
    double seconds,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    double jvmCpuMillisPerOperation,
    double backendCpuMillisPerOperation,
    double jvmCores,
    double backendCores,
    double machineCores,
    List<String> errorSamples,
    String note) {

  /**
   * Cores busy with other programs: contention. PostgreSQL and Redis count as this measurement's
   * own only when the IdP uses them.
   */
  double otherCores() {
    boolean ownBackends = !storage.equals("embedded") && !Double.isNaN(backendCores);
    return machineCores - jvmCores - (ownBackends ? backendCores : 0);
  }

  /** The same figures, labelled as run {@code number} of a repeated measurement. */
  Measurement inRun(int number) {
    return new Measurement(
        storage,
        flow,
        workers,
        number,
        operations,
        errors,
        seconds,
        p50Millis,
        p95Millis,
        p99Millis,
        jvmCpuMillisPerOperation,
        backendCpuMillisPerOperation,
        jvmCores,
        backendCores,
        machineCores,
        errorSamples,
        note);
  }

  double perSecond() {
    return seconds <= 0 ? 0 : operations / seconds;
  }
}
