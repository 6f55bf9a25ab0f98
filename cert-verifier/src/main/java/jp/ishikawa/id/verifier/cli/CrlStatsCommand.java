package jp.ishikawa.id.verifier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlInfo;
import jp.ishikawa.id.verifier.revocation.CrlStore;

/**
 * {@code crl-stats <crl>}: what the CRL store makes of one CRL file (PEM or DER): issuer, this and
 * next update, entry count, distribution point, whether it is fresh at {@code --at} or now (with
 * the store's {@link CrlStore#CLOCK_SKEW}), and how long it took to read. Without {@code --trust}
 * the signature is not checked, and the output says so; with it, the file is loaded into a real
 * {@link CrlStore} over those roots, which verifies the signature exactly as the IdP would.
 *
 * <p>Exit 0 when the store would answer from this CRL now; 1 when it would not (refused, signature
 * not verified with {@code --trust}, stale or not yet valid); 2 for a usage or input problem,
 * including a file that is not a well-formed CRL.
 */
final class CrlStatsCommand {

  static final Set<String> SINGLE = Set.of("at", "purpose");
  static final Set<String> REPEATABLE = Set.of("trust", "pin");
  static final Set<String> FLAGS = Set.of("allow-test-roots", "json");

  private CrlStatsCommand() {}

  static int run(List<String> arguments, Clock system, PrintStream out, PrintStream err)
      throws CommandException {
    CommandLine line = CommandLine.parse("crl-stats", arguments, SINGLE, REPEATABLE, FLAGS);
    String file = line.onlyOperand("CRL file");
    Instant at = ValidationTime.of(line, system);
    Optional<Purpose> purpose = Optional.empty();
    if (line.value("purpose").isPresent()) {
      String code = line.value("purpose").get();
      purpose =
          Optional.of(
              Purpose.fromCode(code)
                  .orElseThrow(
                      () ->
                          new CommandException(
                              "crl-stats: --purpose must be login or identity, not " + code)));
    }
    Path path = InputFiles.path("crl-stats", file);
    if (Files.isDirectory(path)) {
      throw new CommandException("crl-stats " + file + ": is a directory; give one CRL file");
    }
    if (!Files.isRegularFile(path)) {
      throw new CommandException("crl-stats " + file + ": no such file");
    }
    CrlInfo parsed;
    try {
      parsed = CrlStore.inspect(path);
    } catch (IOException e) {
      throw new CommandException(
          "crl-stats " + file + ": not a well-formed CRL (PEM or DER): " + e.getMessage(), e);
    }

    Report report =
        new Report()
            .put("file", file)
            .put("format", format(path))
            .put("issuer", parsed.issuerDn())
            .put("this_update", text(parsed.thisUpdate()))
            .put("next_update", text(parsed.nextUpdate()))
            .put("entries", parsed.entries())
            .put(
                "distribution_point",
                parsed.distributionPoint() == null
                    ? "none (a full CRL for every certificate of its root)"
                    : parsed.distributionPoint())
            .put("freshness", freshness(parsed, at))
            .put("parse_time_ms", milliseconds(parsed.loadTime()))
            .put("refused", parsed.error());
    boolean usable = parsed.error() == null && isFresh(parsed, at);
    if (line.all("trust").isEmpty()) {
      report.put("signature", "not checked (give --trust to check it)").put("load_time_ms", null);
    } else {
      TrustStore trust =
          TrustRoots.load(
              line.all("trust"), purpose, line.flag("allow-test-roots"), line.all("pin"));
      try (CrlStore store =
          CrlStore.builder(trust).clock(ValidationTime.fixed(at)).location(file).build()) {
        CrlInfo loaded = store.crls().getFirst();
        report
            .put(
                "signature",
                loaded.inUse()
                    ? "verified with root " + loaded.signedBy()
                    : "NOT verified: " + loaded.error())
            .put("load_time_ms", milliseconds(loaded.loadTime()));
        usable = usable && loaded.inUse();
      } catch (IllegalArgumentException e) {
        throw new CommandException("crl-stats " + file + ": " + e.getMessage(), e);
      }
    }
    out.print(line.flag("json") ? report.toJson() : report.toText());
    out.flush();
    if (!usable) {
      err.println("note: the CRL store would not answer from this CRL at " + at);
    }
    return usable ? CertVerifierCli.EXIT_VERIFIED : CertVerifierCli.EXIT_REJECTED;
  }

  private static String freshness(CrlInfo crl, Instant at) {
    if (crl.thisUpdate() == null || crl.nextUpdate() == null) {
      return "unknown (no thisUpdate or nextUpdate)";
    }
    if (crl.thisUpdate().isAfter(at.plus(CrlStore.CLOCK_SKEW))) {
      return "not yet valid at " + at;
    }
    if (at.isAfter(crl.nextUpdate().plus(CrlStore.CLOCK_SKEW))) {
      return "stale at " + at + " (nextUpdate has passed)";
    }
    return "fresh at " + at;
  }

  private static boolean isFresh(CrlInfo crl, Instant at) {
    return freshness(crl, at).startsWith("fresh");
  }

  private static String format(Path path) {
    byte[] head = new byte[64];
    try (InputStream in = Files.newInputStream(path)) {
      int read = in.readNBytes(head, 0, head.length);
      byte[] prefix = Arrays.copyOf(head, read);
      return InputFiles.looksLikePem(prefix) ? "PEM" : "DER";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static BigDecimal milliseconds(Duration duration) {
    return duration == null
        ? null
        : BigDecimal.valueOf(duration.toNanos(), 6).setScale(1, RoundingMode.HALF_UP);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
