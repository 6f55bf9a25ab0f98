package jp.ishikawa.id.verifier.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The operator CLI: {@code java -jar cert-verifier/target/cert-verifier.jar <command>}. Operators
 * use it to answer "why was this resident rejected?" with the same library the IdP runs.
 *
 * <ul>
 *   <li>{@code verify}: the full pipeline on files, one JSON object on stdout ({@link
 *       VerifyCommand});
 *   <li>{@code inspect}: a readable JPKI view of a certificate ({@link InspectCommand});
 *   <li>{@code crl-stats}: what the CRL store makes of a CRL file ({@link CrlStatsCommand}).
 * </ul>
 *
 * <p>Exit codes: 0 verified (or, for the other commands, done and usable), 1 rejected (or not
 * usable), 2 usage or input error with a message on stderr, 3 an internal error (a bug: the stack
 * trace goes to stderr). Personal facts are printed only when asked for with {@code --show-facts}.
 */
public final class CertVerifierCli {

  static final int EXIT_VERIFIED = 0;
  static final int EXIT_REJECTED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_INTERNAL = 3;

  static final String USAGE =
      """
      usage: java -jar cert-verifier.jar <command> [options]

      Verifies My Number card (JPKI) certificates and signatures with the IdP's own
      verifier, to answer "why was this resident rejected?".

      commands:
        verify --purpose login|identity --trust <file|dir> [--trust <file|dir>]...
               --cert <file> --message <file> --signature <file>
               [--crl <file|dir|url>]... [--ocsp <url>]
               [--revocation none|crl|ocsp|ocsp+crl] [--at <instant>]
               [--allow-test-roots] [--pin <sha256>]... [--show-facts]
            Runs the whole verification pipeline; prints one JSON object:
            {"result":"verified"|"rejected", "reason", "step", "detail", "purpose", "at",
             "credential", "revocation", "facts"}.
            Exit 0 verified, 1 rejected, 2 usage or input error.

        inspect <cert> [--trust <file|dir>]... [--allow-test-roots] [--pin <sha256>]...
               [--at <instant>] [--show-facts] [--json]
            A readable JPKI view of one certificate (PEM or DER): purpose, hierarchy,
            root generation, validity, municipality hint, key, usages, policies,
            CRL distribution point, OCSP URL, profile fit. Trusts nothing.

        crl-stats <crl> [--trust <file|dir>]... [--purpose login|identity]
               [--allow-test-roots] [--pin <sha256>]... [--at <instant>] [--json]
            Issuer, this/next update, entries, distribution point, freshness and load
            time of one CRL file (PEM or DER). The signature is checked only with
            --trust. Exit 0 usable now, 1 refused, unverified or stale, 2 error.

        help
            This text.

      options:
        --purpose       login (authentication certificate) or identity (signature
                        certificate); for crl-stats, the purpose of --trust roots whose
                        name is not a JPKI CA name
        --trust         a root certificate (PEM, several per file, or DER) or a directory
                        of .pem/.crt/.cer/.der files; each root serves the purpose its name
                        says (JPKI authentication CA: login, signature CA: identity)
        --allow-test-roots
                        accept O=JPKI-TEST roots (J-LIS test cards; never in production)
        --pin           SHA-256 fingerprint every production root must have (repeatable;
                        J-LIS values in JPKI.md section 2); by default roots are not pinned,
                        and the JSON names the root used (label and fingerprint)
        --cert          the card certificate, DER or PEM
        --message       the signed message, used byte for byte
        --signature     the signature: a raw binary file, or text holding it in hex,
                        base64 or base64url (detected: a file of only those characters and
                        white space is text)
        --crl           a CRL file, a directory of .crl/.der/.pem files, or an http(s)
                        URL (repeatable)
        --ocsp          the OCSP responder URL (default: the certificate's AIA URL)
        --revocation    default: crl if --crl is given, else ocsp if --ocsp is given,
                        else none (reported as "unchecked", with a note on stderr)
        --at            the validation time, ISO-8601 (2020-09-13T12:26:40Z); default now.
                        Also the time CRL freshness is judged at
        --show-facts    print the four basic facts of a signature certificate (name,
                        birth date, gender, address): personal data, off by default
        --json          JSON instead of text (inspect, crl-stats)
      """;

  private CertVerifierCli() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs one command; returns the exit code. Never calls {@link System#exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, Clock.systemUTC(), out, err);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with the clock "now" is read from. */
  static int run(String[] args, Clock system, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return EXIT_USAGE;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "verify" -> VerifyCommand.run(rest, system, out, err);
        case "inspect" -> InspectCommand.run(rest, system, out, err);
        case "crl-stats" -> CrlStatsCommand.run(rest, system, out, err);
        case "help", "--help", "-h" -> {
          err.print(USAGE);
          yield EXIT_USAGE;
        }
        default -> {
          err.println(
              "cert-verifier: unknown command "
                  + args[0]
                  + "; the commands are verify, inspect, crl-stats and help");
          yield EXIT_USAGE;
        }
      };
    } catch (CommandException e) {
      err.println("cert-verifier: " + e.getMessage());
      if (rest.contains("--help") || rest.contains("-h")) {
        err.print(USAGE);
      }
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      // A bug, not a verdict: never let it look like "rejected" (1) or a usage error (2).
      err.println("cert-verifier: internal error: " + e);
      e.printStackTrace(err);
      return EXIT_INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
