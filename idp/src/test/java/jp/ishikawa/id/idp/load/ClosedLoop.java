package jp.ishikawa.id.idp.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Runs a flow in a closed loop: a fixed number of workers (virtual threads), each starting its next
 * operation as soon as the previous one ends, first for a warm-up and then for the measured window.
 * Only operations that start and end inside the window count as successes; a failed operation that
 * overlaps the window counts as an error (one that ended during the warm-up is noted apart), and
 * its message is kept (a few distinct ones) for the report.
 *
 * <p>A closed loop measures capacity at a given concurrency, not latency under an arrival rate:
 * past saturation, more workers only lengthen the queue, which shows as flat throughput and growing
 * latency.
 */
final class ClosedLoop {

  /** One worker's next operation. */
  interface Operation {
    /**
     * Runs it; false when the worker has nothing left to do (its card stock ran out), which ends
     * the window for everyone.
     *
     * @throws FlowFailure or another runtime exception when the operation failed
     */
    boolean run();
  }

  private static final int ERROR_SAMPLES = 5;

  private ClosedLoop() {}

  static Measurement run(
      String storage,
      String flow,
      int workers,
      Duration warmUp,
      Duration window,
      IntFunction<Operation> operations) {
    // Each worker's set-up (a sign-in, a first token) happens before the clock starts.
    List<Operation> prepared = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      prepared.add(operations.apply(i));
    }
    long start = System.nanoTime();
    long windowStart = start + warmUp.toNanos();
    long windowEnd = windowStart + window.toNanos();
    AtomicLong exhaustedAt = new AtomicLong(Long.MAX_VALUE);
    List<Worker> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Worker worker = new Worker(prepared.get(i), windowStart, windowEnd, exhaustedAt);
      all.add(worker);
      threads.add(Thread.ofVirtual().name("load-" + flow + "-" + i).start(worker));
    }
    sleepUntil(windowStart, exhaustedAt);
    CpuSample before = CpuSample.now();
    long sampledAt = System.nanoTime();
    sleepUntil(windowEnd, exhaustedAt);
    long end = Math.min(windowEnd, exhaustedAt.get());
    CpuSample after = CpuSample.now();
    double cpuSeconds = (System.nanoTime() - sampledAt) / 1e9;
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the workers", e);
      }
    }

    long[] latencies = all.stream().flatMapToLong(w -> w.latenciesEndingBy(end)).toArray();
    Arrays.sort(latencies);
    long errors = 0;
    Map<String, Long> messages = new LinkedHashMap<>();
    long warmUpErrors = 0;
    for (Worker worker : all) {
      errors += worker.errors;
      warmUpErrors += worker.warmUpErrors;
      worker.messages.forEach((m, n) -> messages.merge(m, n, Long::sum));
    }
    List<String> samples =
        messages.entrySet().stream()
            .limit(ERROR_SAMPLES)
            .map(e -> e.getValue() + "× " + e.getKey())
            .toList();
    double seconds = Math.max(0, end - windowStart) / 1e9;
    String note = "";
    if (exhaustedAt.get() < windowEnd) {
      note = String.format("card stock ran out after %.1f s of the window", seconds);
    }
    if (warmUpErrors > 0) {
      note = (note.isEmpty() ? "" : note + "; ") + warmUpErrors + " errors during warm-up";
    }
    return new Measurement(
        storage,
        flow,
        workers,
        1,
        latencies.length,
        errors,
        seconds,
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        percentile(latencies, 0.99),
        after.jvmMillisPerOperation(before, latencies.length),
        after.backendMillisPerOperation(before, latencies.length),
        after.jvmCores(before, cpuSeconds),
        after.backendCores(before, cpuSeconds),
        after.machineCores(before, Runtime.getRuntime().availableProcessors()),
        samples,
        note);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static void sleepUntil(long deadline, AtomicLong exhaustedAt) {
    long now;
    while ((now = System.nanoTime()) < deadline && exhaustedAt.get() == Long.MAX_VALUE) {
      try {
        Thread.sleep(Duration.ofNanos(Math.min(deadline - now, 20_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** One worker's loop and its own records (no sharing while measuring). */
  private static final class Worker implements Runnable {
    private final Operation operation;
    private final long windowStart;
    private final long windowEnd;
    private final AtomicLong exhaustedAt;
    private long[] ends = new long[1024];
    private long[] latencies = new long[1024];
    private int count;
    private long errors;
    private long warmUpErrors;
    private final Map<String, Long> messages = new LinkedHashMap<>();

    Worker(Operation operation, long windowStart, long windowEnd, AtomicLong exhaustedAt) {
      this.operation = operation;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.exhaustedAt = exhaustedAt;
    }

    @Override
    public void run() {
      while (true) {
        long begin = System.nanoTime();
        if (begin >= windowEnd || begin >= exhaustedAt.get()) {
          return;
        }
        String failure = null;
        boolean more = true;
        try {
          more = operation.run();
        } catch (RuntimeException e) {
          // Counted and described as an error; the loop goes on so that one refusal does not
          // stop the measurement of the others.
          failure =
              e instanceof FlowFailure
                  ? e.getMessage()
                  : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long done = System.nanoTime();
        if (!more) {
          exhaustedAt.accumulateAndGet(begin, Math::min);
          return;
        }
        if (failure == null) {
          if (begin >= windowStart && done <= windowEnd) {
            record(done, done - begin);
          }
        } else if (done < windowStart) {
          warmUpErrors++;
          messages.merge("(warm-up) " + failure, 1L, Long::sum);
        } else {
          // A failure that overlapped the window counts, even if it started before it or ended
          // after it (a request stuck for its whole timeout does both).
          errors++;
          messages.merge(failure, 1L, Long::sum);
        }
      }
    }

    private void record(long end, long latency) {
      if (count == ends.length) {
        ends = Arrays.copyOf(ends, count * 2);
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      ends[count] = end;
      latencies[count] = latency;
      count++;
    }

    LongStream latenciesEndingBy(long end) {
      return IntStream.range(0, count).filter(i -> ends[i] <= end).mapToLong(i -> latencies[i]);
    }
  }
}
