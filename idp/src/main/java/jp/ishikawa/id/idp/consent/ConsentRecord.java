package jp.ishikawa.id.idp.consent;

import java.time.Instant;
import java.util.List;

/**
 * One consent decision, with the fields of ISO/IEC TS 27560 and the Kantara consent receipt that
 * apply here: who (resident), to whom (controller = the service), for what (purposes), which data
 * (data items = scopes), on which legal basis and policy version, when given / withdrawn /
 * expiring, and how it was collected.
 *
 * @param id the record id (the receipt id)
 * @param residentId the resident (internal id)
 * @param registeredClientId the authorization server's id of the service
 * @param clientId the service's OAuth client id
 * @param controller the service's name
 * @param purposes why the service receives the data
 * @param dataItems the scopes consented to
 * @param legalBasis {@code consent}
 * @param policyVersion the privacy notice version shown
 * @param status {@code given}, {@code superseded} (a newer decision replaced it), {@code withdrawn}
 *     or {@code expired}
 * @param collectionMethod {@code web-consent-screen}, or {@code sign-in} for a sign-in that shared
 *     nothing but the identifier ({@code openid} alone: no consent screen)
 * @param givenAt when it was given
 * @param withdrawnAt when it was withdrawn or superseded, or null
 * @param expiresAt when it expires, or null for no expiry
 */
public record ConsentRecord(
    String id,
    String residentId,
    String registeredClientId,
    String clientId,
    String controller,
    String purposes,
    List<String> dataItems,
    String legalBasis,
    String policyVersion,
    String status,
    String collectionMethod,
    Instant givenAt,
    Instant withdrawnAt,
    Instant expiresAt) {

  public static final String GIVEN = "given";
  public static final String SUPERSEDED = "superseded";
  public static final String WITHDRAWN = "withdrawn";
}
