package jp.ishikawa.id.idp.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.verifier.model.BasicFacts;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates residents and binds cards to them: first registration, card renewal, and deactivation.
 *
 * <p>Renewal rule (ARCHITECTURE.md, identity model): a new authentication certificate is bound to
 * an existing Ishikawa ID only after an {@code identity} transaction whose four basic facts equal
 * the stored ones. Name and birthday alone never suffice: a different person of the same name and
 * birthday (who lives elsewhere) gets a new Ishikawa ID.
 */
@Service
public class ResidentService {

  /** What registration did. */
  public sealed interface RegistrationOutcome {
    Resident resident();
  }

  /** A new Ishikawa ID was created. */
  public record Registered(Resident resident) implements RegistrationOutcome {}

  /** The card was bound to the existing Ishikawa ID whose facts matched. */
  public record Renewed(Resident resident) implements RegistrationOutcome {}

  /** The card was already bound (a repeated submission): nothing changed. */
  public record AlreadyBound(Resident resident) implements RegistrationOutcome {}

  /** Why registration was refused. */
  public static sealed class RegistrationRefused extends RuntimeException permits AmbiguousFacts {
    private final String code;

    public RegistrationRefused(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The refusal when several residents have the verified facts: thrown before registration has
   * written anything but its audit event, so its transaction commits (the event is kept) where
   * every other refusal rolls back.
   */
  public static final class AmbiguousFacts extends RegistrationRefused {
    AmbiguousFacts() {
      super(
          "registration_conflict",
          "several accounts match these facts; an operator must resolve it");
    }
  }

  private static final char[] ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final ResidentRepository residents;
  private final VerifiedFactsRepository facts;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;

  public ResidentService(
      ResidentRepository residents,
      VerifiedFactsRepository facts,
      AuditLog audit,
      Clock clock,
      SecureRandom random) {
    this.residents = residents;
    this.facts = facts;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  /** The resident a card certificate is bound to, if any. */
  public Optional<Resident> findByCredential(String fingerprint) {
    return residents
        .findBindingByFingerprint(fingerprint)
        .flatMap(binding -> residents.findById(binding.residentId()));
  }

  public Optional<Resident> findById(String residentId) {
    return residents.findById(residentId);
  }

  public Optional<Resident> findByIshikawaId(String ishikawaId) {
    return residents.findByIshikawaId(ishikawaId);
  }

  /** Records a successful login with a bound card. */
  public void recordLogin(String fingerprint) {
    residents
        .findBindingByFingerprint(fingerprint)
        .ifPresent(binding -> residents.markUsed(binding.id(), clock.instant()));
  }

  /**
   * Registers with the authentication certificate alone (no signature certificate: under-15 and
   * face-authentication cards). The resident has no verified facts.
   */
  @Transactional
  public RegistrationOutcome registerWithoutFacts(AuthenticationCredential credential) {
    Optional<Resident> bound = findByCredential(credential.fingerprint());
    if (bound.isPresent()) {
      return new AlreadyBound(bound.get());
    }
    Resident resident = newResident();
    bind(resident, credential);
    audit.record(
        "resident.registered", "success", null, resident.id(), null, "without verified facts");
    return new Registered(resident);
  }

  /**
   * Registers, or renews, with an authentication certificate and the facts an {@code identity}
   * transaction verified. Facts equal to exactly one resident's stored facts bind the card to that
   * resident; no match creates a new Ishikawa ID; several matches are refused for an operator to
   * resolve, and that refusal's audit event ({@code ambiguous_facts}) is kept: {@link
   * AmbiguousFacts} does not roll back, and it is thrown before anything else is written. Every
   * other refusal (a deactivated match, a card registered meanwhile) rolls back what was written.
   */
  @Transactional(noRollbackFor = AmbiguousFacts.class)
  public RegistrationOutcome registerWithFacts(
      AuthenticationCredential credential, VerifiedFacts verified, String signatureFingerprint) {
    Optional<Resident> bound = findByCredential(credential.fingerprint());
    if (bound.isPresent()) {
      return new AlreadyBound(bound.get());
    }
    List<String> matching = facts.residentsWithFacts(verified.facts());
    if (matching.size() > 1) {
      audit.record(
          "resident.registration_refused",
          "failure",
          "ambiguous_facts",
          null,
          null,
          matching.size() + " residents have these facts");
      throw new AmbiguousFacts();
    }
    if (matching.size() == 1) {
      Resident existing =
          residents
              .findById(matching.getFirst())
              .orElseThrow(() -> new IllegalStateException("facts without a resident"));
      if (!existing.active()) {
        throw new RegistrationRefused("account_deactivated", "the matching account is deactivated");
      }
      bind(existing, credential);
      facts.save(existing.id(), verified, signatureFingerprint);
      audit.record(
          "resident.card_renewed", "success", null, existing.id(), null, credential.rootLabel());
      return new Renewed(existing);
    }
    Resident resident = newResident();
    bind(resident, credential);
    facts.save(resident.id(), verified, signatureFingerprint);
    audit.record(
        "resident.registered", "success", null, resident.id(), null, "with verified facts");
    return new Registered(resident);
  }

  /**
   * Replaces a logged-in resident's verified facts (e.g. after moving house, or added later to an
   * account registered without them). The rule of registration holds here too: facts that another
   * resident already has are refused ({@code registration_conflict}, audited, nothing stored), or
   * one person could hold two verified Ishikawa IDs by registering "without facts" first.
   */
  @Transactional(noRollbackFor = RegistrationRefused.class)
  public void updateFacts(String residentId, VerifiedFacts verified, String signatureFingerprint) {
    List<String> others =
        facts.residentsWithFacts(verified.facts()).stream()
            .filter(other -> !other.equals(residentId))
            .toList();
    if (!others.isEmpty()) {
      audit.record(
          "resident.facts_update_refused",
          "failure",
          "registration_conflict",
          residentId,
          null,
          others.size() + " other resident(s) have these facts");
      throw new RegistrationRefused(
          "registration_conflict", "another account has these facts; an operator must resolve it");
    }
    facts.save(residentId, verified, signatureFingerprint);
    audit.record("resident.facts_updated", "success", null, residentId, null, verified.method());
  }

  public Optional<VerifiedFacts> verifiedFacts(String residentId) {
    return facts.find(residentId);
  }

  public List<CredentialBinding> bindings(String residentId) {
    return residents.findBindings(residentId);
  }

  /** Marks the resident deactivated, with no detail in the audit event. */
  @Transactional
  public void deactivate(String residentId) {
    deactivate(residentId, null);
  }

  /**
   * Marks the resident deactivated; see {@code account/AccountDeactivation} for everything else a
   * deactivation ends.
   *
   * @param how where it was asked for, the audit event's detail
   */
  @Transactional
  public void deactivate(String residentId, String how) {
    residents.deactivate(residentId, clock.instant());
    audit.record("resident.deactivated", "success", null, residentId, null, how);
  }

  /** Whether two fact sets would be treated as the same person. */
  public boolean sameFacts(BasicFacts a, BasicFacts b) {
    return facts.matchKey(a).equals(facts.matchKey(b));
  }

  private Resident newResident() {
    Resident resident =
        new Resident(
            UUID.randomUUID().toString(), newIshikawaId(), Resident.Status.ACTIVE, clock.instant());
    residents.insert(resident);
    return resident;
  }

  private void bind(Resident resident, AuthenticationCredential credential) {
    Instant now = clock.instant();
    try {
      residents.insertBinding(
          new CredentialBinding(
              UUID.randomUUID().toString(),
              resident.id(),
              credential.issuerDn(),
              credential.serialHex(),
              credential.fingerprint(),
              credential.rootLabel(),
              credential.notBefore(),
              credential.notAfter(),
              now,
              null));
    } catch (DuplicateKeyException e) {
      throw new RegistrationRefused("registration_conflict", "this card is already registered");
    }
  }

  /** 20 characters of Crockford base32 (100 random bits), e.g. {@code 7K3QX9M2R4T8V6W1Y5Z0}. */
  private String newIshikawaId() {
    char[] id = new char[20];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }
}
