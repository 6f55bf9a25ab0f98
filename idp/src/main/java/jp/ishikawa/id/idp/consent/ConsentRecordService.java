package jp.ishikawa.id.idp.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.logout.BackchannelLogout;
import jp.ishikawa.id.idp.logout.LogoutReason;
import jp.ishikawa.id.idp.token.ResidentAuthorizations;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The authorization server's consent store, kept as consent records: every decision on the consent
 * screen becomes a new record (the previous one is marked superseded, never overwritten), so the
 * history of what a resident agreed to, and when, stays readable. A service that asks for more than
 * the current record covers gets the consent screen again (Spring's authorization server compares
 * the requested scopes with {@link #findById}).
 */
public class ConsentRecordService implements OAuth2AuthorizationConsentService {

  /** The privacy notice the consent screen shows. */
  public static final String POLICY_VERSION = "2026-11";

  public static final String PURPOSES =
      "ログインと、利用者が選んだ情報の提供 / Login and providing the information the resident chose";

  /** How a sign-in-only grant was collected: the resident signed in to the service. */
  public static final String SIGN_IN = "sign-in";

  private final ConsentRecordRepository records;
  private final ResidentService residents;
  private final RegisteredClientRepository clients;
  private final ResidentAuthorizations authorizations;
  private final AuditLog audit;
  private final Clock clock;
  private final BackchannelLogout backchannelLogout;

  public ConsentRecordService(
      ConsentRecordRepository records,
      ResidentService residents,
      RegisteredClientRepository clients,
      ResidentAuthorizations authorizations,
      AuditLog audit,
      Clock clock,
      BackchannelLogout backchannelLogout) {
    this.backchannelLogout = backchannelLogout;
    this.records = records;
    this.residents = residents;
    this.clients = clients;
    this.authorizations = authorizations;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  @Transactional
  public void save(OAuth2AuthorizationConsent consent) {
    Resident resident = resident(consent.getPrincipalName());
    RegisteredClient client = client(consent.getRegisteredClientId());
    Instant now = clock.instant();
    records.end(consent.getRegisteredClientId(), resident.id(), ConsentRecord.SUPERSEDED, now);
    List<String> items = List.copyOf(new TreeSet<>(consent.getScopes()));
    records.insert(given(resident, client, items, "web-consent-screen", now));
    audit.record(
        "consent.given",
        "success",
        null,
        resident.id(),
        client.getClientId(),
        String.join(" ", items));
  }

  @Override
  @Transactional
  public void remove(OAuth2AuthorizationConsent consent) {
    Resident resident = resident(consent.getPrincipalName());
    withdraw(resident, consent.getRegisteredClientId());
  }

  @Override
  public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
    Optional<Resident> resident = residents.findByIshikawaId(principalName);
    if (resident.isEmpty()) {
      return null;
    }
    Optional<ConsentRecord> given = records.findGiven(registeredClientId, resident.get().id());
    if (given.isEmpty() || given.get().dataItems().isEmpty()) {
      return null;
    }
    OAuth2AuthorizationConsent.Builder builder =
        OAuth2AuthorizationConsent.withId(registeredClientId, principalName);
    given.get().dataItems().forEach(builder::scope);
    return builder.build();
  }

  /**
   * Records a sign-in that shared nothing but the resident's identifier ({@code openid} alone, for
   * which the authorization server shows no consent screen), unless a current record already covers
   * the service: every service that holds an authorization is listed on the account page, and
   * withdrawing it revokes what the service holds.
   */
  @Transactional
  public void recordSignIn(String ishikawaId, String registeredClientId, Set<String> scopes) {
    Resident resident = resident(ishikawaId);
    if (records.findGiven(registeredClientId, resident.id()).isPresent()) {
      return;
    }
    RegisteredClient client = client(registeredClientId);
    List<String> items = List.copyOf(new TreeSet<>(scopes));
    records.insert(given(resident, client, items, SIGN_IN, clock.instant()));
    audit.record(
        "consent.given",
        "success",
        SIGN_IN,
        resident.id(),
        client.getClientId(),
        String.join(" ", items));
  }

  /** The resident's consent history, newest first. */
  public List<ConsentRecord> history(String residentId) {
    return records.findByResident(residentId);
  }

  /**
   * Withdraws the resident's consent to a service and revokes every token the service holds for
   * them: after withdrawal the service can no longer read anything.
   */
  @Transactional
  public void withdraw(Resident resident, String registeredClientId) {
    Instant now = clock.instant();
    int ended = records.end(registeredClientId, resident.id(), ConsentRecord.WITHDRAWN, now);
    backchannelLogout.enqueueFor(
        resident.ishikawaId(), registeredClientId, null, LogoutReason.CONSENT_WITHDRAWN);
    int revoked = authorizations.revokeForClient(resident.ishikawaId(), registeredClientId);
    RegisteredClient client = clients.findById(registeredClientId);
    audit.record(
        "consent.withdrawn",
        "success",
        null,
        resident.id(),
        client == null ? registeredClientId : client.getClientId(),
        ended + " record(s) withdrawn, " + revoked + " authorization(s) revoked");
  }

  private Resident resident(String ishikawaId) {
    return residents
        .findByIshikawaId(ishikawaId)
        .orElseThrow(() -> new IllegalStateException("consent for an unknown resident"));
  }

  private RegisteredClient client(String registeredClientId) {
    RegisteredClient client = clients.findById(registeredClientId);
    if (client == null) {
      throw new IllegalStateException("consent for an unknown client");
    }
    return client;
  }

  /** A new record of what the resident gave, collected by {@code method} at {@code at}. */
  private static ConsentRecord given(
      Resident resident, RegisteredClient client, List<String> items, String method, Instant at) {
    return new ConsentRecord(
        UUID.randomUUID().toString(),
        resident.id(),
        client.getId(),
        client.getClientId(),
        client.getClientName(),
        PURPOSES,
        items,
        "consent",
        POLICY_VERSION,
        ConsentRecord.GIVEN,
        method,
        at,
        null,
        null);
  }
}
