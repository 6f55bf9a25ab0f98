package jp.ishikawa.id.verifier.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlInfo;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.testpki.LargeCrlWriter;
import jp.ishikawa.id.verifier.testpki.TestRoot;

/**
 * Measures the heap a {@link CrlStore} retains for one large CRL: used heap after full GCs with the
 * store held, minus the same before it was built. JMH does not measure retained memory, hence this
 * small program. Usage: {@code CrlHeapFootprint [entries]} (default 1,000,000).
 */
public final class CrlHeapFootprint {

  private CrlHeapFootprint() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    TestRoot root = CrlBenchmark.pki().newestRoot(jp.ishikawa.id.verifier.model.Purpose.LOGIN);
    TrustStore trust = CrlBenchmark.trustStore(root);
    Path folder = Files.createTempDirectory("crl-heap");
    Path file = folder.resolve("large.crl");
    try {
      CrlBenchmark.write(LargeCrlWriter.of(root, entries, CrlBenchmark.THIS_UPDATE), file);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      // A first store loads every class the measured one needs, so that they are not counted.
      CrlStore.builder(trust).location(file.toString()).build().close();
      long before = usedAfterGc(memory);
      long started = System.nanoTime();
      CrlStore store = CrlStore.builder(trust).location(file.toString()).build();
      long loadMillis = (System.nanoTime() - started) / 1_000_000;
      long after = usedAfterGc(memory);
      CrlInfo info = store.crls().get(0);
      System.out.printf(
          "entries=%d fileBytes=%d loadMillis=%d retainedBytes=%d (%.1f MiB, %.1f bytes/entry)"
              + " error=%s%n",
          info.entries(),
          Files.size(file),
          loadMillis,
          after - before,
          (after - before) / 1048576.0,
          (after - before) / (double) Math.max(1, info.entries()),
          info.error());
      Reference.reachabilityFence(store);
      store.close();
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(folder);
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
