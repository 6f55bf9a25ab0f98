package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.RevocationStatus;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * The CRLs J-LIS publishes (JPKI.md §5: DER, partitioned per municipality, refreshed daily), loaded
 * from files, directories or http(s) URLs, verified, indexed, and kept fresh in the background.
 *
 * <p>Loading (RFC 5280 §5): each CRL is stream-parsed, never held whole; its signature must verify
 * with a trusted root named like its issuer, chosen by authorityKeyIdentifier and then by
 * signature, since every generation of a purpose shares one DN; only sha256WithRSAEncryption is
 * accepted; a CRL with a critical extension this store does not process, a delta, indirect or
 * partial-reason CRL, or one without nextUpdate is refused. A CRL that fails is recorded with its
 * reason in {@link #crls()} and never used; it never throws.
 *
 * <p>Answering ({@link #status}, RFC 5280 §6.3): only CRLs signed by the key of the certificate's
 * issuing root count. A CRL without issuingDistributionPoint covers every certificate of that root;
 * a partitioned CRL covers a certificate only when one of the certificate's cRLDistributionPoints
 * directory names equals the CRL's distribution point name (§6.3.3 (b)(2)). Of the covering CRLs
 * the freshest (thisUpdate, then CRL number) answers. The store fails closed: no covering CRL, a
 * CRL whose nextUpdate has passed or whose thisUpdate lies in the future (beyond {@link
 * #CLOCK_SKEW}), or any unexpected problem gives {@code UNKNOWN}, never {@code GOOD}; a listed
 * serial gives {@code REVOKED} with its date and reason.
 *
 * <p>Refreshing: {@link #refreshNow()} reloads every location and swaps an immutable snapshot in
 * one volatile write, so a check never waits for a download. A source that fails to refresh keeps
 * its last good CRL (which then goes stale on its own nextUpdate) and records the error; a
 * refreshed CRL older than the one in use (a replayed CRL) is refused the same way.
 */
public final class CrlStore implements AutoCloseable {

  /** How far thisUpdate may lie ahead of, and nextUpdate behind, the verifier's clock. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** The default cap on one CRL's bytes: 512 MiB. */
  public static final long DEFAULT_MAX_CRL_BYTES = 512L * 1024 * 1024;

  private static final String SOURCE_NONE = "crl-store";

  private final List<CrlLocation> locations;
  private final Clock clock;
  private final Duration refreshInterval;
  private final HttpClient http;
  private final CrlRefresh refresh;
  private final Object refreshLock = new Object();
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), Map.of());
  private ScheduledExecutorService refresher;
  private boolean closed;

  /** What is in use: replaced whole, never changed. */
  private record Snapshot(
      List<CrlInfo> infos,
      Map<String, LoadedCrl> bySource,
      Map<ByteBuffer, IssuerCrls> byIssuerKey) {}

  private CrlStore(Builder builder) {
    this.locations = List.copyOf(builder.locations);
    this.clock = builder.clock;
    this.refreshInterval = builder.refreshInterval;
    this.http =
        locations.stream().anyMatch(CrlLocation::isHttp)
            ? HttpClient.newBuilder()
                .connectTimeout(builder.httpTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()
            : null;
    this.refresh =
        new CrlRefresh(
            builder.trustStore, http, builder.httpTimeout, builder.maxCrlBytes, builder.clock);
  }

  public static Builder builder(TrustStore trustStore) {
    return new Builder(trustStore);
  }

  /**
   * Refreshes every location every {@code refreshInterval} on one daemon thread. Checks never wait
   * for it. Calling it again does nothing.
   */
  public synchronized void startBackgroundRefresh() {
    if (closed) {
      throw new IllegalStateException("the CRL store is closed");
    }
    if (refresher != null) {
      return;
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "crl-refresh");
              thread.setDaemon(true);
              return thread;
            });
    long interval = refreshInterval.toNanos();
    refresher.scheduleWithFixedDelay(this::refreshNow, interval, interval, TimeUnit.NANOSECONDS);
  }

  /** Reloads every location now and swaps in the result; never throws for a bad source. */
  public void refreshNow() {
    synchronized (refreshLock) {
      CrlRefresh.Result result = refresh.run(locations, snapshot.bySource());
      Map<String, LoadedCrl> inUse = result.inUse();
      List<CrlInfo> infos = result.infos();
      Map<ByteBuffer, List<LoadedCrl>> byKey = new HashMap<>();
      for (LoadedCrl crl : inUse.values()) {
        byKey
            .computeIfAbsent(
                ByteBuffer.wrap(crl.anchor().publicKey().getEncoded()), key -> new ArrayList<>())
            .add(crl);
      }
      Map<ByteBuffer, IssuerCrls> byIssuerKey = new HashMap<>();
      byKey.forEach((key, crls) -> byIssuerKey.put(key, new IssuerCrls(crls)));
      snapshot = new Snapshot(List.copyOf(infos), Map.copyOf(inUse), Map.copyOf(byIssuerKey));
    }
  }

  /**
   * The revocation status of {@code certificate}, issued by the root {@code issuer}, at {@code now}
   * from the CRLs in memory; see the class documentation for the rules. Never throws and never
   * waits for a refresh.
   */
  public RevocationStatus status(X509Certificate certificate, X509Certificate issuer, Instant now) {
    Instant checkedAt = now != null ? now : clock.instant();
    try {
      return statusOf(certificate, issuer, checkedAt);
    } catch (RuntimeException e) {
      // A malformed certificate extension or an unforeseen bug: fail closed, with the cause.
      return RevocationStatus.unknown(
          RevocationStatus.Method.CRL,
          SOURCE_NONE,
          checkedAt,
          "the CRL check failed: " + CrlRefresh.describe(e));
    }
  }

  private RevocationStatus statusOf(
      X509Certificate certificate, X509Certificate issuer, Instant now) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(issuer, "issuer");
    IssuerCrls ofIssuer =
        snapshot.byIssuerKey().get(ByteBuffer.wrap(issuer.getPublicKey().getEncoded()));
    if (ofIssuer == null) {
      return RevocationStatus.unknown(
          RevocationStatus.Method.CRL,
          SOURCE_NONE,
          now,
          "no CRL signed by the key of the issuing root "
              + issuer.getSubjectX500Principal().getName(X500Principal.RFC2253)
              + " is loaded");
    }
    List<byte[]> points = DistributionPointNames.of(certificate);
    LoadedCrl best = null;
    for (LoadedCrl crl : ofIssuer.covering(points, certificate.getBasicConstraints() >= 0)) {
      if (best == null || crl.newerThan(best)) {
        best = crl;
      }
    }
    if (best == null) {
      return RevocationStatus.unknown(
          RevocationStatus.Method.CRL,
          SOURCE_NONE,
          now,
          "no CRL covers distribution point "
              + (points.isEmpty()
                  ? "(the certificate names none)"
                  : points.stream()
                      .map(name -> new X500Principal(name).getName(X500Principal.RFC2253))
                      .toList())
              + " of "
              + ofIssuer.any().anchor().info().label());
    }
    ParsedCrl crl = best.crl();
    if (crl.thisUpdate().isAfter(now.plus(CLOCK_SKEW))) {
      return unknownFrom(
          best, now, "the CRL is not yet valid: thisUpdate " + crl.thisUpdate() + " is ahead");
    }
    if (now.isAfter(crl.nextUpdate().plus(CLOCK_SKEW))) {
      return unknownFrom(
          best, now, "the CRL is stale: nextUpdate " + crl.nextUpdate() + " has passed");
    }
    int index = crl.revoked().indexOf(certificate.getSerialNumber());
    if (index >= 0) {
      return RevocationStatus.revoked(
          RevocationStatus.Method.CRL,
          best.source(),
          crl.thisUpdate(),
          crl.nextUpdate(),
          now,
          crl.revoked().revokedAt(index),
          RevokedSerials.reasonName(crl.revoked().reasonCode(index)));
    }
    return RevocationStatus.good(
        RevocationStatus.Method.CRL, best.source(), crl.thisUpdate(), crl.nextUpdate(), now);
  }

  private static RevocationStatus unknownFrom(LoadedCrl crl, Instant now, String detail) {
    return new RevocationStatus(
        RevocationStatus.State.UNKNOWN,
        RevocationStatus.Method.CRL,
        crl.source(),
        crl.crl().thisUpdate(),
        crl.crl().nextUpdate(),
        now,
        null,
        null,
        detail);
  }

  /** What is loaded and what failed, one entry per source, in configuration order. */
  public List<CrlInfo> crls() {
    return snapshot.infos();
  }

  /**
   * Reads one CRL file (PEM or DER) without checking its signature, for the {@code crl-stats}
   * command. {@link CrlInfo#error()} names a reason the store would refuse it for (algorithm,
   * unsupported extension…), or is null; {@link CrlInfo#signedBy()} is {@code "not checked"}.
   *
   * @throws IOException when the file cannot be read or is not a well-formed CRL
   */
  public static CrlInfo inspect(Path file) throws IOException {
    long started = System.nanoTime();
    try (InputStream in = CrlLocation.openFile(file.toString(), DEFAULT_MAX_CRL_BYTES)) {
      ParsedCrl crl = CrlParser.parse(in, DEFAULT_MAX_CRL_BYTES);
      return LoadedCrl.failed(file.toString(), crl, since(started), crl.refusal());
    }
  }

  /** Stops the background refresh; the CRLs in memory keep answering until they go stale. */
  @Override
  public synchronized void close() {
    closed = true;
    if (refresher != null) {
      refresher.shutdownNow();
    }
    if (http != null) {
      http.shutdownNow();
    }
  }

  static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Configures a {@link CrlStore}. */
  public static final class Builder {
    private final TrustStore trustStore;
    private final List<CrlLocation> locations = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration refreshInterval = Duration.ofHours(1);
    private Duration httpTimeout = Duration.ofSeconds(10);
    private long maxCrlBytes = DEFAULT_MAX_CRL_BYTES;

    private Builder(TrustStore trustStore) {
      this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
    }

    /**
     * Adds a file, a directory (every {@code *.crl}, {@code *.der} and {@code *.pem} file in it) or
     * an http:// or https:// URL. Repeatable.
     *
     * @throws IllegalArgumentException when it is none of these
     */
    public Builder location(String location) {
      locations.add(CrlLocation.of(location));
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** How often {@link #startBackgroundRefresh()} reloads; one hour by default. */
    public Builder refreshInterval(Duration value) {
      this.refreshInterval = positive(value, "refreshInterval");
      return this;
    }

    /** Connect, response and body-stall timeout of HTTP downloads; ten seconds by default. */
    public Builder httpTimeout(Duration value) {
      this.httpTimeout = positive(value, "httpTimeout");
      return this;
    }

    /** The most bytes one CRL may have; 512 MiB by default. */
    public Builder maxCrlBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxCrlBytes must be positive");
      }
      this.maxCrlBytes = value;
      return this;
    }

    /** Loads every location once, synchronously: failures are recorded, not thrown. */
    public CrlStore build() {
      if (locations.isEmpty()) {
        throw new IllegalArgumentException("a CRL store needs at least one location");
      }
      CrlStore store = new CrlStore(this);
      store.refreshNow();
      return store;
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration");
      }
      return value;
    }
  }
}
