package jp.ishikawa.id.idp.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import jp.ishikawa.id.idp.audit.AuditLog;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The counters an operator watches, from the audit trail as it is written (after the transaction
 * that wrote it commits): logins, registrations, card refusals by reason and consents. Tags are
 * codes from fixed sets, never a resident, a fact, a PIN or a token (docs/operations.md "Metrics").
 */
@Component
public class IdpMetrics {

  /** Refusal reasons are codes of the card protocol and the verifier; anything else is "other". */
  private static final int MAX_REASON_LENGTH = 64;

  private static final Set<String> COUNTED =
      Set.of("login", "resident.registered", "jpki.response", "consent.given");

  private final MeterRegistry registry;

  public IdpMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Present from the start, so a rate of zero is visible as zero rather than absent.
    logins("success");
    registrations();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void recorded(AuditLog.Recorded event) {
    if (!COUNTED.contains(event.type())) {
      return;
    }
    switch (event.type()) {
      case "login" -> logins(event.outcome()).increment();
      case "resident.registered" -> registrations().increment();
      case "consent.given" ->
          Counter.builder("ishikawa_id_consents")
              .description("Consents residents gave to a service")
              .register(registry)
              .increment();
      case "jpki.response" -> {
        if ("failure".equals(event.outcome())) {
          Counter.builder("ishikawa_id_card_refusals")
              .description("Card responses refused, by reason code")
              .tag("reason", code(event.reasonCode()))
              .register(registry)
              .increment();
        }
      }
      default -> {}
    }
  }

  private Counter logins(String outcome) {
    return Counter.builder("ishikawa_id_logins")
        .description("Card logins completed in a browser session")
        .tag("outcome", code(outcome))
        .register(registry);
  }

  private Counter registrations() {
    return Counter.builder("ishikawa_id_registrations")
        .description("New Ishikawa IDs")
        .register(registry);
  }

  private static String code(String value) {
    if (value == null || value.isEmpty()) {
      return "none";
    }
    if (value.length() > MAX_REASON_LENGTH || !value.matches("[a-z0-9_.:-]+")) {
      return "other";
    }
    return value;
  }
}
