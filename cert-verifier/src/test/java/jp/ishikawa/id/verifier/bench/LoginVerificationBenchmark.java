package jp.ishikawa.id.verifier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.model.Fingerprint;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.model.VerificationResult;
import jp.ishikawa.id.verifier.model.Verified;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlInfo;
import jp.ishikawa.id.verifier.revocation.CrlRevocationChecker;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A whole {@code login} verification as the IdP runs it: input limits, issuer family, path to a
 * pinned production-named root (one RSA verification of the certificate), validity, profile, proof
 * of possession (a second RSA verification, of the card's signature) and a CRL lookup in a store
 * partitioned like J-LIS's (a CRL of {@link #entries} entries, 100,000 by default, for the card's
 * municipality plus {@value #OTHER_PARTITIONS} of 1,000 entries for others), ending in a {@link
 * Verified} result with the credential key. Anchors and CRLs are loaded once, as at IdP start-up.
 *
 * <p>Issue 12: report ops/s per core next to {@code openssl speed rsa2048} verify/s; target ≥ 40 %
 * of the limit that figure implies (two RSA verifications per login: the issuer's signature on the
 * certificate and the card's signature) for a resident's repeat login, and the first-seen figure
 * separately. Two verifiers, both configured as the IdP's:
 *
 * <ul>
 *   <li>{@link #repeatLogin}: residents who logged in before; their certificates are remembered by
 *       fingerprint ({@link JpkiVerifier.Builder#rememberedCertificates(int)}), so the parse, the
 *       profile and the issuer's signature are not repeated; validity, the card's signature and the
 *       CRL lookup are;
 *   <li>{@link #firstSeen}: every certificate is new to the verifier (its memory holds {@value
 *       #FIRST_SEEN_MEMORY} of {@value #CERTIFICATES} rotating certificates, so every call misses,
 *       verifies in full and pays for remembering and evicting).
 * </ul>
 *
 * <p>{@link #rsaVerify} measures one bare JDK SHA256withRSA verification for comparison. {@code
 * cert-verifier/bench/login-verification.sh} runs these next to {@code openssl speed} and prints
 * the ratios; by hand: {@code cert-verifier/bench/run-jmh.sh LoginVerificationBenchmark -f 1 -wi 3
 * -i 5}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoginVerificationBenchmark {

  static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");
  static final int OTHER_PARTITIONS = 18;
  static final int CERTIFICATES = 1024;
  static final int FIRST_SEEN_MEMORY = 16;
  static final String PREFECTURE = "Ishikawa-ken";
  static final String MUNICIPALITY = "Kanazawa-shi";

  @Param({"100000"})
  public int entries;

  private Path folder;
  private CrlStore store;
  private JpkiVerifier verifier;
  private JpkiVerifier forgetful;
  private byte[][] certificates;
  private byte[] message;
  private byte[] signature;
  private PublicKey cardKey;
  private final AtomicInteger threadCount = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws IOException, CertificateEncodingException {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    // Production names (O=JPKI), two generations, pinned by fingerprint: as deployed.
    TestPki pki =
        TestPki.create(
            TestPki.options()
                .organisation("JPKI")
                .generations(List.of(LocalDate.of(2019, 9, 14), LocalDate.of(2023, 7, 16)))
                .clock(clock));
    List<String> pins = new ArrayList<>();
    TrustStore.Builder trust = TrustStore.builder();
    for (Purpose purpose : Purpose.values()) {
      for (TestRoot root : pki.roots(purpose)) {
        trust.add(purpose, root.certificate());
        pins.add(Fingerprint.sha256(root.certificate().getEncoded()));
      }
    }
    TrustStore trustStore = trust.pinnedFingerprints(pins).build();

    TestRoot root = pki.newestRoot(Purpose.LOGIN);
    Instant thisUpdate = NOW.minus(Duration.ofHours(3));
    LargeCrlWriter large =
        LargeCrlWriter.of(root, entries, thisUpdate)
            .distributionPoint(
                pki.crlDistributionPointName(Purpose.LOGIN, PREFECTURE, MUNICIPALITY));
    folder = Files.createTempDirectory("login-bench");
    CrlBenchmark.write(large, folder.resolve("kanazawa.crl"));
    for (int i = 0; i < OTHER_PARTITIONS; i++) {
      CrlBenchmark.write(
          LargeCrlWriter.of(root, 1000, thisUpdate)
              .distributionPoint(
                  pki.crlDistributionPointName(Purpose.LOGIN, PREFECTURE, "Town-" + i)),
          folder.resolve("town-" + i + ".crl"));
    }
    store = CrlStore.builder(trustStore).clock(clock).location(folder.toString()).build();
    for (CrlInfo info : store.crls()) {
      if (info.error() != null) {
        throw new IllegalStateException("a benchmark CRL did not load: " + info);
      }
    }
    verifier =
        JpkiVerifier.builder()
            .trustStore(trustStore)
            .revocationChecker(new CrlRevocationChecker(store))
            .clock(clock)
            .build();
    forgetful =
        JpkiVerifier.builder()
            .trustStore(trustStore)
            .revocationChecker(new CrlRevocationChecker(store))
            .clock(clock)
            .rememberedCertificates(FIRST_SEEN_MEMORY)
            .build();

    // Distinct certificates, more than the JDK's certificate cache holds (750, LRU): each check
    // parses a certificate and verifies its signature afresh, as for logins of many residents.
    // They share one card key pair, so one signature over the message serves them all.
    KeyPair cardKeys = pki.newCardKeyPair();
    certificates = new byte[CERTIFICATES][];
    IssuedCertificate card = null;
    for (int i = 0; i < CERTIFICATES; i++) {
      card =
          pki.issue(
              LeafSpec.authentication()
                  .keyPair(cardKeys)
                  .serial(large.unrevokedSerial(i * (entries / CERTIFICATES)))
                  .municipality("17201", PREFECTURE, MUNICIPALITY));
      certificates[i] = card.der();
    }
    cardKey = cardKeys.getPublic();
    message =
        ("ishikawa-id-jpki-v1\norigin=https://id.pref.ishikawa.example\n"
                + "txn=q0Lk1n2b3v4c5x6z7a8s9d0f\npurpose=login\n"
                + "challenge=3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\ncode=42\n")
            .getBytes(StandardCharsets.UTF_8);
    signature = card.sign(message);

    // Every resident logs in once: the repeat-login verifier now remembers every certificate.
    for (int i = 0; i < CERTIFICATES; i++) {
      requireGood(verifier.verify(Purpose.LOGIN, certificates[i], message, signature));
      requireGood(forgetful.verify(Purpose.LOGIN, certificates[i], message, signature));
    }
    JpkiVerifier.CacheStatistics remembered = verifier.rememberedCertificates();
    if (remembered.size() != CERTIFICATES) {
      throw new IllegalStateException("the repeat-login verifier does not remember: " + remembered);
    }
  }

  private static void requireGood(VerificationResult result) {
    if (!(result instanceof Verified verified)
        || verified.revocation().state() != RevocationStatus.State.GOOD) {
      throw new IllegalStateException("a benchmark card does not verify: " + result);
    }
  }

  /** Fails the run if a measurement was not what its name says (all hits, or all misses). */
  @TearDown(Level.Iteration)
  public void checkHitsAndMisses() {
    JpkiVerifier.CacheStatistics repeat = verifier.rememberedCertificates();
    JpkiVerifier.CacheStatistics first = forgetful.rememberedCertificates();
    if (repeat.misses() != CERTIFICATES || first.hits() != 0) {
      throw new IllegalStateException(
          "repeat logins missed or first-seen logins hit: " + repeat + " / " + first);
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

  /** A resident's repeat login on one thread: the per-core figure. */
  @Benchmark
  @Threads(1)
  public VerificationResult repeatLogin(Cursor cursor) {
    return verifier.verify(Purpose.LOGIN, cursor.next(certificates), message, signature);
  }

  /** The same on two threads: what this 2-core machine does in all. */
  @Benchmark
  @Threads(2)
  public VerificationResult repeatLoginTwoThreads(Cursor cursor) {
    return verifier.verify(Purpose.LOGIN, cursor.next(certificates), message, signature);
  }

  /** A certificate the verifier has not seen (or has forgotten), on one thread. */
  @Benchmark
  @Threads(1)
  public VerificationResult firstSeen(Cursor cursor) {
    return forgetful.verify(Purpose.LOGIN, cursor.next(certificates), message, signature);
  }

  /** The same on two threads. */
  @Benchmark
  @Threads(2)
  public VerificationResult firstSeenTwoThreads(Cursor cursor) {
    return forgetful.verify(Purpose.LOGIN, cursor.next(certificates), message, signature);
  }

  /**
   * Each thread's round robin over its own share of the certificates: with two threads, two
   * disjoint halves, so one thread never verifies a certificate the other has just remembered.
   */
  @State(Scope.Thread)
  public static class Cursor {
    private int start;
    private int size;
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params, LoginVerificationBenchmark bench) {
      size = CERTIFICATES / params.getThreads();
      start = bench.threadCount.getAndIncrement() * size;
    }

    byte[] next(byte[][] certificates) {
      int i = start + next;
      next = next + 1 == size ? 0 : next + 1;
      return certificates[i];
    }
  }

  /** One bare JDK SHA256withRSA verification of the card's signature: the floor per RSA check. */
  @Benchmark
  @Threads(1)
  public boolean rsaVerify() throws GeneralSecurityException {
    Signature verification = Signature.getInstance("SHA256withRSA");
    verification.initVerify(cardKey);
    verification.update(message);
    return verification.verify(signature);
  }
}
