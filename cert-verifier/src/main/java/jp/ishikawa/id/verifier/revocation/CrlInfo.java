package jp.ishikawa.id.verifier.revocation;

import java.time.Duration;
import java.time.Instant;

/**
 * What the {@link CrlStore} holds for one CRL source, for operators and the CLI.
 *
 * <p>Three shapes: loaded ({@code error} null); failed with nothing in use ({@code signedBy} is
 * {@code "not checked"} and {@code error} says why; the fields the parser could read are filled,
 * the others null); and a failed refresh of a source whose previous CRL is still in use (the fields
 * describe the CRL in use, {@code error} says what went wrong with the newer one).
 *
 * @param source the file path or URL the CRL came from (a directory location lists one per file)
 * @param issuerDn the CRL issuer, RFC 2253, or null when unreadable
 * @param thisUpdate when the CRL was issued, or null
 * @param nextUpdate when the next CRL is due, or null
 * @param entries how many certificates the CRL lists
 * @param distributionPoint RFC 2253 of the issuingDistributionPoint name, null for a full CRL
 * @param signedBy the label ({@code RootInfo.label}) of the root whose key verified the signature,
 *     or {@code "not checked"} when no root vouches for it (a failed load, or {@link
 *     CrlStore#inspect})
 * @param loadTime how long reading, verifying and indexing took
 * @param error null when the CRL loaded; otherwise why it failed
 */
public record CrlInfo(
    String source,
    String issuerDn,
    Instant thisUpdate,
    Instant nextUpdate,
    int entries,
    String distributionPoint,
    String signedBy,
    Duration loadTime,
    String error) {

  /** The {@link #signedBy()} value of a CRL no trusted root vouches for. */
  public static final String NOT_CHECKED = "not checked";

  /** Whether a verified CRL from this source is in use (possibly with a failed refresh). */
  public boolean inUse() {
    return !NOT_CHECKED.equals(signedBy);
  }
}
