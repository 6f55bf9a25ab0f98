package jp.ishikawa.id.idp.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The step-up check (RFC 9470) in front of the management API's dangerous actions: rotating the
 * signing keys or a client secret, disabling a service, deactivating an Ishikawa ID. The access
 * token must come from a card tap with revocation checked ({@code acr} {@value
 * AuthenticationContextClass#JPKI}; a passkey or a tap whose revocation status was unknown is not
 * enough) made at most {@code ishikawa-id.management.fresh-tap} ago ({@code auth_time}; refreshing
 * a token keeps the time of the original tap). Otherwise the action is refused with {@code 401
 * insufficient_user_authentication}, a challenge naming the {@code acr_values} and {@code max_age}
 * that would satisfy it, and the refusal is audited as {@code management.refused} with reason
 * {@value #REASON}. The caller (consent-ui) then sends the staff member through the IdP again with
 * {@code max_age=0} and retries with the new token.
 */
public final class FreshCardTap {

  /** The audit reason and the problem's {@code code}. */
  public static final String REASON = "stale_authentication";

  public static final String CODE = "insufficient_user_authentication";

  private final Duration maximumAge;
  private final Clock clock;
  private final AuditLog audit;
  private final ResidentService residents;

  public FreshCardTap(
      ManagementProperties properties, Clock clock, AuditLog audit, ResidentService residents) {
    this.maximumAge = properties.getFreshTap();
    this.clock = clock;
    this.audit = audit;
    this.residents = residents;
  }

  /**
   * Returns when {@code caller}'s token comes from a fresh card tap; throws {@link Required}
   * (answered as 401 by the API's advice) after auditing the refusal otherwise.
   *
   * @param action what was attempted, for the audit trail (for example {@code POST
   *     /api/admin/keys/rotate})
   */
  public void require(JwtAuthenticationToken caller, String action) {
    String acr = caller.getToken().getClaimAsString("acr");
    Instant authTime = authTime(caller);
    Instant now = clock.instant();
    boolean fresh =
        AuthenticationContextClass.JPKI.equals(acr)
            && authTime != null
            && !authTime.isAfter(now.plusSeconds(60))
            && !authTime.plus(maximumAge).isBefore(now);
    if (fresh) {
      return;
    }
    String residentId = residents.findByIshikawaId(caller.getName()).map(Resident::id).orElse(null);
    audit.record(
        ManagementApiRefusals.EVENT,
        "failure",
        REASON,
        residentId,
        caller.getToken().getClaimAsString("client_id"),
        action);
    throw new Required(maximumAge);
  }

  private static Instant authTime(JwtAuthenticationToken caller) {
    try {
      return caller.getToken().getClaimAsInstant("auth_time");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The refusal: the challenge asks for a card tap no older than {@link #maxAgeSeconds()}. */
  public static final class Required extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long maxAgeSeconds;

    Required(Duration maximumAge) {
      super("this action needs a card tap made in the last " + maximumAge.toMinutes() + " minutes");
      this.maxAgeSeconds = maximumAge.toSeconds();
    }

    public long maxAgeSeconds() {
      return maxAgeSeconds;
    }

    /** The {@code WWW-Authenticate} challenge of RFC 9470 §3. */
    public String challenge() {
      return "Bearer realm=\"ishikawa-id-management\", error=\"insufficient_user_authentication\","
          + " error_description=\"a fresh card tap is required\", acr_values=\""
          + AuthenticationContextClass.JPKI
          + "\", max_age="
          + maxAgeSeconds;
    }
  }
}
