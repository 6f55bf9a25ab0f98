package jp.ishikawa.id.idp.audit;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's audit command, run from the IdP's jar without starting the IdP: {@code java -jar
 * idp.jar audit verify --db-url <jdbc-url> [--db-user <name>]} (the password, if any, from the
 * environment variable {@code ISHIKAWA_ID_DB_PASSWORD}, never on the command line). It prints one
 * JSON object, in the style of cert-verifier's CLI:
 *
 * <pre>{"result":"intact"|"broken", "events", "unchained", "head":{"seq","hash"},
 *  "first_broken":{"seq","event_id","problem","detail"}}</pre>
 *
 * <p>Exit codes: 0 intact, 1 broken, 2 usage or connection error with a message on stderr, 3 an
 * internal error (a bug: the stack trace goes to stderr).
 */
public final class AuditCommand {

  static final int EXIT_INTACT = 0;
  static final int EXIT_BROKEN = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_INTERNAL = 3;

  /** The environment variable the database password is read from. */
  public static final String PASSWORD_VARIABLE = "ISHIKAWA_ID_DB_PASSWORD";

  static final String USAGE =
      """
      usage: java -jar idp.jar audit verify --db-url <jdbc-url> [--db-user <name>]

      Verifies the audit trail's hash chain and names the first broken link; prints one
      JSON object:
        {"result":"intact"|"broken", "events", "unchained", "head":{"seq","hash"},
         "first_broken":{"seq","event_id","problem","detail"}}
      problem: missing_event (deleted), link_mismatch (an event before it replaced),
      hash_mismatch (edited or moved), missing_tail (newest events deleted),
      head_mismatch, unchained_event (inserted outside the chain), no_head.
      Keep the printed head hash elsewhere: a later run whose event at that seq has
      another hash means the chain was rewritten.

      The database password, if any, is read from the environment variable
      ISHIKAWA_ID_DB_PASSWORD. The embedded default's H2 database (stop the IdP first):
        --db-url "jdbc:h2:file:./data/idp/ishikawa-id;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
        --db-user sa
      Exit 0 intact, 1 broken, 2 usage or connection error, 3 internal error.
      """;

  private AuditCommand() {}

  /** Whether the IdP's command line asks for this command instead of the server. */
  public static boolean handles(String[] args) {
    return args.length > 0 && args[0].equals("audit");
  }

  /** Runs {@code audit ...}; returns the exit code. Never calls {@link System#exit}. */
  public static int run(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    try {
      if (args.length < 2 || !args[1].equals("verify")) {
        err.print(USAGE);
        return EXIT_USAGE;
      }
      Map<String, String> options = options(List.of(args).subList(2, args.length));
      String url = options.get("--db-url");
      if (url == null) {
        err.println("idp audit: --db-url is required");
        err.print(USAGE);
        return EXIT_USAGE;
      }
      DriverManagerDataSource dataSource =
          new DriverManagerDataSource(
              url,
              options.getOrDefault("--db-user", ""),
              environment.getOrDefault(PASSWORD_VARIABLE, ""));
      AuditChainVerifier.Verdict verdict;
      try {
        verdict = new AuditChainVerifier(JdbcClient.create(dataSource)).verify();
      } catch (DataAccessException e) {
        err.println(
            "idp audit: cannot read the audit trail: " + e.getMostSpecificCause().getMessage());
        return EXIT_USAGE;
      }
      out.print(
          JsonMapper.builder()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .build()
                  .writeValueAsString(json(verdict))
              + "\n");
      return verdict.intact() ? EXIT_INTACT : EXIT_BROKEN;
    } catch (IllegalArgumentException e) {
      err.println("idp audit: " + e.getMessage());
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      err.println("idp audit: internal error: " + e);
      e.printStackTrace(err);
      return EXIT_INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The verdict as the command and the management API print it. */
  public static Map<String, Object> json(AuditChainVerifier.Verdict verdict) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("result", verdict.intact() ? "intact" : "broken");
    json.put("events", verdict.events());
    json.put("unchained", verdict.unchained());
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("seq", verdict.headSeq());
    head.put("hash", verdict.headHash());
    json.put("head", head);
    AuditChainVerifier.BrokenLink broken = verdict.firstBroken();
    if (broken == null) {
      json.put("first_broken", null);
    } else {
      Map<String, Object> link = new LinkedHashMap<>();
      link.put("seq", broken.seq());
      link.put("event_id", broken.eventId());
      link.put("problem", broken.problem().code());
      link.put("detail", broken.detail());
      json.put("first_broken", link);
    }
    return json;
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (!name.equals("--db-url") && !name.equals("--db-user")) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (options.put(name, args.get(++i)) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return options;
  }
}
