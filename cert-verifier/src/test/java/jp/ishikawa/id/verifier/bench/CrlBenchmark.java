package jp.ishikawa.id.verifier.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlInfo;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.revocation.RevokedSerials;
import jp.ishikawa.id.verifier.testpki.LargeCrlWriter;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CRL store with a municipality-sized CRL (default 1,000,000 entries, written once per fork by
 * {@link LargeCrlWriter}): load + verify + index time, serial index lookups, and whole {@link
 * CrlStore#status} checks against a store partitioned like J-LIS's (the large CRL for the
 * certificates' municipality plus {@value #OTHER_PARTITIONS} small ones for the others). Targets
 * (issue "CRL store"): load ≤ 5 s, lookups ≥ 5 million/s.
 *
 * <p>Run with {@code cert-verifier/bench/run-jmh.sh CrlBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class CrlBenchmark {

  static final Instant THIS_UPDATE = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant NOW = THIS_UPDATE.plus(Duration.ofHours(1));
  private static final int QUERIES = 1 << 12;
  private static final int CERTIFICATES = 256;
  static final int OTHER_PARTITIONS = 18;
  static final String PREFECTURE = "Ishikawa-ken";
  static final String MUNICIPALITY = "Kanazawa-shi";

  @Param("1000000")
  public int entries;

  private Path folder;
  private Path file;
  private TrustStore trust;
  private CrlStore store;
  private RevokedSerials index;
  private BigInteger[] queries;
  private X509Certificate[] certificates;
  private X509Certificate issuer;
  private int next;

  /** A test PKI of one generation, so that setup makes two RSA keys, not six. */
  static TestPki pki() {
    return TestPki.create(
        TestPki.options()
            .generations(List.of(LocalDate.of(2023, 7, 16)))
            .clock(Clock.fixed(THIS_UPDATE, ZoneOffset.UTC)));
  }

  static TrustStore trustStore(TestRoot root) {
    return TrustStore.builder().allowTestRoots(true).add(Purpose.LOGIN, root.certificate()).build();
  }

  /** Writes the CRL to {@code file}, streaming. */
  static void write(LargeCrlWriter writer, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      writer.writeTo(out);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    TestPki pki = pki();
    TestRoot root = pki.newestRoot(Purpose.LOGIN);
    issuer = root.certificate();
    trust = trustStore(root);
    LargeCrlWriter writer =
        LargeCrlWriter.of(root, entries, THIS_UPDATE)
            .distributionPoint(
                pki.crlDistributionPointName(Purpose.LOGIN, PREFECTURE, MUNICIPALITY));
    folder = Files.createTempDirectory("crl-bench");
    file = folder.resolve("large.crl");
    write(writer, file);
    for (int i = 0; i < OTHER_PARTITIONS; i++) {
      write(
          LargeCrlWriter.of(root, 1000, THIS_UPDATE)
              .distributionPoint(
                  pki.crlDistributionPointName(Purpose.LOGIN, PREFECTURE, "Town-" + i)),
          folder.resolve("town-" + i + ".crl"));
    }
    store = CrlStore.builder(trust).location(folder.toString()).build();
    for (CrlInfo info : store.crls()) {
      if (info.error() != null) {
        throw new IllegalStateException("a benchmark CRL did not load: " + info);
      }
    }

    SplittableRandom random = new SplittableRandom(42);
    RevokedSerials.Builder builder = RevokedSerials.builder(entries);
    for (int i = 0; i < entries; i++) {
      // Insert in a scrambled order, as the CRL lists them, so that the build sorts.
      int k = (int) ((i * 1_000_003L) % entries);
      builder.add(writer.revokedSerial(k).longValue(), THIS_UPDATE.getEpochSecond() - k, 1);
    }
    index = builder.build();
    queries = new BigInteger[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      int k = random.nextInt(entries);
      queries[i] = i % 2 == 0 ? writer.revokedSerial(k) : writer.unrevokedSerial(k);
    }

    KeyPair cardKeys = pki.newCardKeyPair();
    certificates = new X509Certificate[CERTIFICATES];
    for (int i = 0; i < CERTIFICATES; i++) {
      int k = random.nextInt(entries);
      BigInteger serial = i % 2 == 0 ? writer.revokedSerial(k) : writer.unrevokedSerial(k);
      certificates[i] =
          pki.issue(LeafSpec.authentication().serial(serial).keyPair(cardKeys)).certificate();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (var files = Files.list(folder)) {
      for (Path path : files.toList()) {
        Files.delete(path);
      }
    }
    Files.delete(folder);
  }

  /** Read, SHA-256, RSA verify and index the large CRL from its file: one store build. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Measurement(iterations = 5)
  public List<CrlInfo> loadAndIndex() {
    try (CrlStore loaded = CrlStore.builder(trust).location(file.toString()).build()) {
      return loaded.crls();
    }
  }

  /** One binary search in the compact index; half of the queries are listed. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int lookupSerial() {
    int i = next++ & (QUERIES - 1);
    return index.indexOf(queries[i]);
  }

  /**
   * A whole check: issuing-root match, the certificate's CRL distribution point matched against 19
   * partitions, freshness and the lookup; half of the certificates are revoked.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public RevocationStatus status() {
    int i = next++ & (CERTIFICATES - 1);
    return store.status(certificates[i], issuer, NOW);
  }
}
