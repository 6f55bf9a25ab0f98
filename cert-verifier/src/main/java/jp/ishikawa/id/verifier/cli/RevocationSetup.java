package jp.ishikawa.id.verifier.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlInfo;
import jp.ishikawa.id.verifier.revocation.CrlRevocationChecker;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.revocation.FallbackRevocationChecker;
import jp.ishikawa.id.verifier.revocation.OcspRevocationChecker;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;

/**
 * The revocation source {@code verify} uses, from {@code --revocation}, {@code --crl} and {@code
 * --ocsp}. The default is {@code crl} when a CRL is given, else {@code ocsp} when a responder is
 * given, else {@code none} (reported as unchecked, with a note on stderr). Options that the chosen
 * method would ignore are refused rather than silently dropped.
 */
final class RevocationSetup implements AutoCloseable {

  /** The {@code --revocation} values. */
  enum Mode {
    NONE("none"),
    CRL("crl"),
    OCSP("ocsp"),
    OCSP_THEN_CRL("ocsp+crl");

    private final String code;

    Mode(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }

    static Optional<Mode> fromCode(String code) {
      for (Mode mode : values()) {
        if (mode.code.equals(code)) {
          return Optional.of(mode);
        }
      }
      return Optional.empty();
    }
  }

  private final Mode mode;
  private final RevocationChecker checker;
  private final CrlStore store;

  private RevocationSetup(Mode mode, RevocationChecker checker, CrlStore store) {
    this.mode = mode;
    this.checker = checker;
    this.store = store;
  }

  static RevocationSetup from(CommandLine line, TrustStore trust, Clock clock, PrintStream err)
      throws CommandException {
    List<String> crls = line.all("crl");
    Optional<String> ocsp = line.value("ocsp");
    Mode defaultMode = !crls.isEmpty() ? Mode.CRL : ocsp.isPresent() ? Mode.OCSP : Mode.NONE;
    Mode mode = defaultMode;
    Optional<String> given = line.value("revocation");
    if (given.isPresent()) {
      mode =
          Mode.fromCode(given.get())
              .orElseThrow(
                  () ->
                      new CommandException(
                          "verify: --revocation must be none, crl, ocsp or ocsp+crl, not "
                              + given.get()));
    }
    boolean usesCrl = mode == Mode.CRL || mode == Mode.OCSP_THEN_CRL;
    boolean usesOcsp = mode == Mode.OCSP || mode == Mode.OCSP_THEN_CRL;
    if (usesCrl && crls.isEmpty()) {
      throw new CommandException("verify: --revocation " + mode.code() + " needs --crl");
    }
    if (!usesCrl && !crls.isEmpty()) {
      throw new CommandException(
          "verify: --crl is not used by --revocation " + mode.code() + "; use crl or ocsp+crl");
    }
    if (!usesOcsp && ocsp.isPresent()) {
      throw new CommandException(
          "verify: --ocsp is not used by --revocation " + mode.code() + "; use ocsp or ocsp+crl");
    }
    switch (mode) {
      case NONE ->
          err.println(
              "note: revocation is not checked (--revocation none): the result says"
                  + " \"unchecked\"; never accept such a result for a real login");
      case OCSP, OCSP_THEN_CRL -> {
        if (ocsp.isEmpty()) {
          err.println("note: no --ocsp: asking the OCSP URL in the certificate's AIA extension");
        }
      }
      case CRL -> {
        // Nothing to say: the CRLs' own problems are reported below.
      }
    }

    CrlStore store = usesCrl ? crlStore(crls, trust, clock, err) : null;
    RevocationChecker ocspChecker = usesOcsp ? ocspChecker(ocsp) : null;
    RevocationChecker checker =
        switch (mode) {
          case NONE -> RevocationChecker.none();
          case CRL -> new CrlRevocationChecker(store);
          case OCSP -> ocspChecker;
          case OCSP_THEN_CRL ->
              new FallbackRevocationChecker(ocspChecker, new CrlRevocationChecker(store));
        };
    return new RevocationSetup(mode, checker, store);
  }

  private static CrlStore crlStore(
      List<String> locations, TrustStore trust, Clock clock, PrintStream err)
      throws CommandException {
    CrlStore.Builder builder = CrlStore.builder(trust).clock(clock);
    for (String location : locations) {
      try {
        builder.location(location);
      } catch (IllegalArgumentException e) {
        throw new CommandException("--crl: " + e.getMessage(), e);
      }
    }
    CrlStore store = builder.build();
    for (CrlInfo info : store.crls()) {
      if (info.error() != null) {
        err.println("note: CRL " + info.source() + " is not used: " + info.error());
      }
    }
    return store;
  }

  private static RevocationChecker ocspChecker(Optional<String> url) throws CommandException {
    OcspRevocationChecker.Builder builder = OcspRevocationChecker.builder();
    if (url.isPresent()) {
      try {
        builder.responderUrl(URI.create(url.get()));
      } catch (IllegalArgumentException e) {
        throw new CommandException("--ocsp: " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  Mode mode() {
    return mode;
  }

  RevocationChecker checker() {
    return checker;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
