package jp.ishikawa.id.idp.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time at one instant, from three places, so that two samples tell who used the machine in
 * between: this JVM (the IdP and the harness together: they share the process), the PostgreSQL and
 * Redis server processes, and the whole machine ({@code /proc/stat}: other programs too). The last
 * two are read on Linux only; elsewhere they are -1 and reported as unknown.
 *
 * @param processCpuNanos CPU time of this JVM so far
 * @param machineBusyTicks clock ticks of all cores spent neither idle nor waiting for I/O
 * @param machineTotalTicks all clock ticks of all cores
 * @param backendTicks user and system clock ticks of the running {@code postgres*} and {@code
 *     redis-server} processes (shared with anything else that uses them)
 */
record CpuSample(
    long processCpuNanos, long machineBusyTicks, long machineTotalTicks, long backendTicks) {

  /** Linux reports /proc times in USER_HZ ticks, 100 per second on every common platform. */
  private static final double MILLIS_PER_TICK = 10.0;

  private static final Path PROC = Path.of("/proc");

  static CpuSample now() {
    long process =
        ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
    long busy = -1;
    long total = -1;
    try {
      // First line: "cpu user nice system idle iowait irq softirq steal guest guest_nice".
      String[] f = Files.readAllLines(PROC.resolve("stat")).getFirst().trim().split("\\s+");
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      total = busy + idle;
    } catch (IOException | RuntimeException e) {
      // Not Linux: the machine figures are reported as unknown; the JVM's still stand.
    }
    return new CpuSample(process, busy, total, readBackendTicks());
  }

  private static long readBackendTicks() {
    long ticks = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path process : processes) {
        String stat;
        try {
          stat = Files.readString(process.resolve("stat"));
        } catch (IOException e) {
          continue; // the process ended while we looked
        }
        // "pid (comm) state ppid ...": comm may hold spaces; utime and stime are fields 14, 15.
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(open + 1, close);
        if (comm.startsWith("postgres") || comm.equals("redis-server")) {
          String[] f = stat.substring(close + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Milliseconds of this JVM's CPU per operation since {@code earlier}. */
  double jvmMillisPerOperation(CpuSample earlier, long operations) {
    return operations == 0
        ? Double.NaN
        : (processCpuNanos - earlier.processCpuNanos) / 1e6 / operations;
  }

  /** Milliseconds of PostgreSQL's and Redis's CPU per operation since {@code earlier}. */
  double backendMillisPerOperation(CpuSample earlier, long operations) {
    return operations == 0 || backendTicks < 0 || earlier.backendTicks < 0
        ? Double.NaN
        : (backendTicks - earlier.backendTicks) * MILLIS_PER_TICK / operations;
  }

  /** Cores this JVM kept busy on average over {@code seconds} since {@code earlier}. */
  double jvmCores(CpuSample earlier, double seconds) {
    return seconds <= 0 ? Double.NaN : (processCpuNanos - earlier.processCpuNanos) / 1e9 / seconds;
  }

  /** Cores PostgreSQL and Redis kept busy on average over {@code seconds}; NaN when unknown. */
  double backendCores(CpuSample earlier, double seconds) {
    return seconds <= 0 || backendTicks < 0 || earlier.backendTicks < 0
        ? Double.NaN
        : (backendTicks - earlier.backendTicks) * MILLIS_PER_TICK / 1000 / seconds;
  }

  /** Cores busy on the whole machine on average since {@code earlier}; NaN when unknown. */
  double machineCores(CpuSample earlier, int processors) {
    long total = machineTotalTicks - earlier.machineTotalTicks;
    if (machineTotalTicks < 0 || earlier.machineTotalTicks < 0 || total <= 0) {
      return Double.NaN;
    }
    return processors * (double) (machineBusyTicks - earlier.machineBusyTicks) / total;
  }
}
