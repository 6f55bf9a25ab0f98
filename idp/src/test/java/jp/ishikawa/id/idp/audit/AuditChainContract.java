package jp.ishikawa.id.idp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tamper-evident audit trail (issue 9): a test edits, deletes, reorders and inserts rows in the
 * database itself, and {@code idp audit verify} (run as an operator would, on the JDBC URL) names
 * the first broken link. Each test puts the rows back afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuditChainContract {

  private TestIdentityProvider idp;
  private JdbcClient jdbc;
  private AuditLog audit;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() {
    idp = TestIdentityProvider.start(storage());
    jdbc = idp.bean(JdbcClient.class);
    audit = idp.bean(AuditLog.class);
  }

  @AfterAll
  void stop() {
    idp.close();
  }

  @BeforeEach
  void someEvents() {
    for (int i = 0; i < 5; i++) {
      audit.record("test.event", "success", "code-" + i, null, "portal", "detail " + i);
    }
  }

  private record Run(int exit, JsonNode json, String err) {}

  private Run verify() {
    Environment environment = idp.bean(Environment.class);
    List<String> args = new ArrayList<>(List.of("audit", "verify", "--db-url"));
    args.add(environment.getProperty("spring.datasource.url"));
    String user = environment.getProperty("spring.datasource.username");
    if (user != null) {
      args.addAll(List.of("--db-user", user));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AuditCommand.run(
            args.toArray(String[]::new),
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String json = out.toString(StandardCharsets.UTF_8);
    return new Run(
        exit,
        json.isEmpty() ? null : JsonMapper.builder().build().readTree(json),
        err.toString(StandardCharsets.UTF_8));
  }

  private long headSeq() {
    return jdbc.sql("SELECT seq FROM audit_chain_head WHERE id = 1").query(Long.class).single();
  }

  private Map<String, Object> row(long seq) {
    return jdbc.sql("SELECT * FROM audit_event WHERE seq = ?").param(seq).query().singleRow();
  }

  private void insert(Map<String, Object> row) {
    jdbc.sql(
            """
            INSERT INTO audit_event
              (id, occurred_at, event_type, outcome, reason_code, resident_id, client_id, detail,
               seq, prev_hash, hash)
            VALUES (:id, :occurred_at, :event_type, :outcome, :reason_code, :resident_id,
                    :client_id, :detail, :seq, :prev_hash, :hash)
            """)
        .paramSource(row)
        .update();
  }

  private static void assertBroken(Run run, long seq, String eventId, String problem) {
    assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.EXIT_BROKEN);
    assertThat(run.json().get("result").asString()).isEqualTo("broken");
    JsonNode broken = run.json().get("first_broken");
    assertThat(broken.get("problem").asString()).isEqualTo(problem);
    assertThat(broken.get("seq").asLong()).isEqualTo(seq);
    if (eventId == null) {
      assertThat(broken.get("event_id").isNull()).isTrue();
    } else {
      assertThat(broken.get("event_id").asString()).isEqualTo(eventId);
    }
  }

  @Test
  void verifyWhenUntouchedThenIntactAndExitZero() {
    Run run = verify();

    assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.EXIT_INTACT);
    assertThat(run.json().get("result").asString()).isEqualTo("intact");
    assertThat(run.json().get("events").asLong()).isEqualTo(headSeq());
    assertThat(run.json().get("head").get("hash").asString()).isEqualTo(row(headSeq()).get("hash"));
    assertThat(run.json().get("first_broken").isNull()).isTrue();
  }

  @Test
  void verifyWhenOneEventEditedThenNamesIt() {
    long seq = headSeq() - 2;
    Map<String, Object> original = row(seq);
    jdbc.sql("UPDATE audit_event SET reason_code = 'edited' WHERE seq = ?").param(seq).update();
    try {
      assertBroken(verify(), seq, (String) original.get("id"), "hash_mismatch");
    } finally {
      jdbc.sql("UPDATE audit_event SET reason_code = ? WHERE seq = ?")
          .params(original.get("reason_code"), seq)
          .update();
    }
    assertThat(verify().exit()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void verifyWhenOneEventEditedAndRehashedThenNamesTheNextLink() {
    long seq = headSeq() - 2;
    Map<String, Object> original = row(seq);
    AuditLog.Event edited =
        new AuditLog.Event(
            (String) original.get("id"),
            jdbc.sql("SELECT occurred_at FROM audit_event WHERE seq = ?")
                .param(seq)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant(),
            (String) original.get("event_type"),
            "failure",
            (String) original.get("reason_code"),
            (String) original.get("resident_id"),
            (String) original.get("client_id"),
            (String) original.get("detail"),
            seq,
            (String) original.get("prev_hash"),
            null);
    jdbc.sql("UPDATE audit_event SET outcome = 'failure', hash = ? WHERE seq = ?")
        .params(AuditChain.hash((String) original.get("prev_hash"), edited), seq)
        .update();
    try {
      assertBroken(verify(), seq + 1, (String) row(seq + 1).get("id"), "link_mismatch");
    } finally {
      jdbc.sql("UPDATE audit_event SET outcome = ?, hash = ? WHERE seq = ?")
          .params(original.get("outcome"), original.get("hash"), seq)
          .update();
    }
    assertThat(verify().exit()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void verifyWhenOneEventDeletedThenNamesTheGap() {
    long seq = headSeq() - 2;
    Map<String, Object> original = row(seq);
    jdbc.sql("DELETE FROM audit_event WHERE seq = ?").param(seq).update();
    try {
      assertBroken(verify(), seq, (String) row(seq + 1).get("id"), "missing_event");
    } finally {
      insert(original);
    }
    assertThat(verify().exit()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void verifyWhenNewestEventDeletedThenMissingTail() {
    long seq = headSeq();
    Map<String, Object> original = row(seq);
    jdbc.sql("DELETE FROM audit_event WHERE seq = ?").param(seq).update();
    try {
      assertBroken(verify(), seq, null, "missing_tail");
    } finally {
      insert(original);
    }
    assertThat(verify().exit()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void verifyWhenTwoEventsSwappedThenNamesTheFirst() {
    long first = headSeq() - 3;
    long second = first + 1;
    String firstId = (String) row(first).get("id");
    swap(first, second);
    try {
      assertBroken(verify(), first, (String) row(first).get("id"), "link_mismatch");
      assertThat(row(first).get("id")).isNotEqualTo(firstId);
    } finally {
      swap(first, second);
    }
    assertThat(verify().exit()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  private void swap(long first, long second) {
    jdbc.sql("UPDATE audit_event SET seq = -1 WHERE seq = ?").param(first).update();
    jdbc.sql("UPDATE audit_event SET seq = ? WHERE seq = ?").params(first, second).update();
    jdbc.sql("UPDATE audit_event SET seq = ? WHERE seq = -1").param(second).update();
  }

  @Test
  void verifyWhenEventInsertedOutsideTheChainThenNamesIt() {
    Map<String, Object> forged = new java.util.HashMap<>(row(headSeq()));
    forged.put("id", "forged-event");
    forged.put("seq", null);
    forged.put("prev_hash", null);
    forged.put("hash", null);
    forged.put("occurred_at", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(60)));
    insert(forged);
    try {
      assertBroken(verify(), 0, "forged-event", "unchained_event");
    } finally {
      jdbc.sql("DELETE FROM audit_event WHERE id = 'forged-event'").update();
    }
    assertThat(verify().exit()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void recordWhenManyThreadsAppendThenOneUnbrokenChain() throws Exception {
    long before = headSeq();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> appends = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        appends.add(
            pool.submit(
                () -> audit.record("test.concurrent", "success", null, null, null, "n" + n)));
      }
      for (Future<?> append : appends) {
        append.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(headSeq()).isEqualTo(before + 40);
    Run run = verify();
    assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.EXIT_INTACT);
    assertThat(run.json().get("events").asLong()).isEqualTo(before + 40);
  }

  @Test
  void recordWhenManyRequestsAppendAtOnceThenEachEventOnceInOneUnbrokenChain() throws Exception {
    long before = headSeq();
    int appends = 200;
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < appends; i++) {
        int n = i;
        running.add(
            requests.submit(
                () -> audit.record("test.group", "success", null, null, null, "g" + n)));
      }
      for (Future<?> append : running) {
        append.get(60, TimeUnit.SECONDS);
      }
    }

    assertThat(headSeq()).isEqualTo(before + appends);
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(DISTINCT detail) FROM audit_event WHERE event_type = 'test.group'"
                        + " AND seq > ?")
                .param(before)
                .query(Long.class)
                .single())
        .isEqualTo(appends);
    Run run = verify();
    assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void recordWhenTheCallersTransactionRollsBackThenNoEventIsLeft() {
    long before = headSeq();
    TransactionTemplate transaction =
        new TransactionTemplate(idp.bean(PlatformTransactionManager.class));

    transaction.executeWithoutResult(
        status -> {
          audit.record("test.rolled_back", "success", null, null, null, null);
          status.setRollbackOnly();
        });

    assertThat(headSeq()).isEqualTo(before);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE event_type = 'test.rolled_back'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void recordWhenTheDatabaseFailsThenEveryWaitingCallerFailsAndTheChainStaysIntact()
      throws Exception {
    long before = headSeq();
    int appends = 20;
    List<Future<?>> running = new ArrayList<>();
    idp.databaseBroken(true);
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < appends; i++) {
        running.add(
            requests.submit(() -> audit.record("test.outage", "success", null, null, null, null)));
      }
      int failed = 0;
      for (Future<?> append : running) {
        try {
          append.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          // As before group commits: the store or the transaction could not start.
          assertThat(e.getCause())
              .isInstanceOfAny(DataAccessException.class, TransactionException.class);
          failed++;
        }
      }
      assertThat(failed).isEqualTo(appends);
    } finally {
      idp.databaseBroken(false);
    }

    assertThat(headSeq()).isEqualTo(before);
    Run run = verify();
    assertThat(run.exit()).as(run.err()).isEqualTo(AuditCommand.EXIT_INTACT);
  }

  @Test
  void verifyWhenNoDatabaseUrlThenUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AuditCommand.run(
            new String[] {"audit", "verify"},
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(AuditCommand.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--db-url is required");
  }

  @Test
  void verifyWhenDatabaseUnreachableThenUsageErrorNotAVerdict() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        AuditCommand.run(
            new String[] {
              "audit", "verify", "--db-url", "jdbc:postgresql://127.0.0.1:1/none", "--db-user", "x"
            },
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(AuditCommand.EXIT_USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
