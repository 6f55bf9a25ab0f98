package jp.ishikawa.id.idp.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ishikawa.id.idp.config.JpkiRevocation;
import jp.ishikawa.id.verifier.revocation.CrlInfo;

/**
 * How fresh the CRLs this node checks cards against are: the oldest {@code thisUpdate} (seconds
 * ago), the nearest {@code nextUpdate} (seconds left; negative once a CRL is overdue, when cards of
 * that issuer are refused), and how many CRL sources failed at the last refresh. Absent when the
 * revocation mode uses no CRLs (OCSP only).
 */
public final class RevocationFreshness {

  private RevocationFreshness() {}

  public static void register(MeterRegistry registry, JpkiRevocation revocation, Clock clock) {
    revocation
        .crls()
        .ifPresent(
            store -> {
              Gauge.builder(
                      "ishikawa_id_crl_age_seconds",
                      store,
                      s ->
                          loaded(s.crls()).stream()
                              .mapToDouble(c -> seconds(c.thisUpdate(), clock.instant()))
                              .max()
                              .orElse(Double.NaN))
                  .description("Age of the oldest CRL loaded (now - thisUpdate)")
                  .register(registry);
              Gauge.builder(
                      "ishikawa_id_crl_next_update_seconds",
                      store,
                      s ->
                          loaded(s.crls()).stream()
                              .filter(c -> c.nextUpdate() != null)
                              .mapToDouble(c -> seconds(clock.instant(), c.nextUpdate()))
                              .min()
                              .orElse(Double.NaN))
                  .description("Time until the first CRL is due (nextUpdate - now); < 0: overdue")
                  .register(registry);
              Gauge.builder(
                      "ishikawa_id_crl_sources_failed",
                      store,
                      s -> s.crls().stream().filter(c -> c.error() != null).count())
                  .description("CRL sources that failed at the last refresh")
                  .register(registry);
            });
  }

  private static List<CrlInfo> loaded(List<CrlInfo> crls) {
    return crls.stream().filter(c -> c.error() == null && c.thisUpdate() != null).toList();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
