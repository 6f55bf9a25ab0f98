package jp.ishikawa.id.idp.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.management.StaffProperties;
import jp.ishikawa.id.verifier.model.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo mode's staff member: the resident whose card is the demo card with a signature certificate
 * ({@value DemoEnvironment#CARD_WITH_SIGNATURE}) is admin, auditor and support, so a newcomer can
 * open the staff console in consent-ui with that card.
 *
 * <p>Staff roles are bound to Ishikawa IDs ({@code ishikawa-id.staff.*}), and a demo card has no
 * Ishikawa ID until it registers; so the binding is by the card: this adds the Ishikawa ID of the
 * resident bound to that card's authentication certificate (its SHA-256 fingerprint, as every
 * binding is looked up) to the three lists, at start (an existing demo database) and after each
 * registration or login (the first one). Nothing else changes: the roles are still read from {@link
 * StaffProperties} for each management API call, as configured ones are. Only in demo mode.
 */
@Component
@ConditionalOnProperty(name = "ishikawa-id.demo", havingValue = "true")
public class DemoStaff {

  private static final Logger log = LoggerFactory.getLogger(DemoStaff.class);

  /** The audit events after which the demo card may have an Ishikawa ID. */
  private static final Set<String> BINDING_EVENTS =
      Set.of("resident.registered", "resident.card_renewed", "login");

  private final StaffProperties staff;
  private final ResidentService residents;
  private final String cardFingerprint;

  public DemoStaff(DemoEnvironment demo, StaffProperties staff, ResidentService residents) {
    this.staff = staff;
    this.residents = residents;
    this.cardFingerprint = fingerprint(demo);
    // Read by every management API call while this adds to them.
    staff.setAdmins(new CopyOnWriteArrayList<>(staff.getAdmins()));
    staff.setAuditors(new CopyOnWriteArrayList<>(staff.getAuditors()));
    staff.setSupport(new CopyOnWriteArrayList<>(staff.getSupport()));
  }

  @EventListener(ApplicationReadyEvent.class)
  public void atStart() {
    bind();
  }

  @EventListener
  public void afterLogin(AuditLog.Recorded event) {
    if (BINDING_EVENTS.contains(event.type()) && "success".equals(event.outcome())) {
      bind();
    }
  }

  /** The demo staff member's Ishikawa ID, once the demo card has registered. */
  public java.util.Optional<String> ishikawaId() {
    return residents
        .findByCredential(cardFingerprint)
        .filter(Resident::active)
        .map(Resident::ishikawaId);
  }

  private void bind() {
    ishikawaId()
        .ifPresent(
            id -> {
              boolean added = false;
              for (List<String> role :
                  List.of(staff.getAdmins(), staff.getAuditors(), staff.getSupport())) {
                if (!role.contains(id)) {
                  role.add(id);
                  added = true;
                }
              }
              if (added) {
                log.info(
                    "demo: the resident of {} is admin, auditor and support",
                    DemoEnvironment.CARD_WITH_SIGNATURE);
              }
            });
  }

  private static String fingerprint(DemoEnvironment demo) {
    try {
      return Fingerprint.sha256(
          TestCardFile.read(demo.directory().resolve(DemoEnvironment.CARD_WITH_SIGNATURE))
              .authenticationCertificate()
              .getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo card", e);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the demo card's certificate cannot be encoded", e);
    }
  }
}
