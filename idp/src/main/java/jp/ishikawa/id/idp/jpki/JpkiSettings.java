package jp.ishikawa.id.idp.jpki;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The effective JPKI verification settings: from {@code ishikawa-id.jpki.*}, or in demo mode from
 * the generated demo environment.
 *
 * @param loginTrustAnchors files or directories of authentication CA roots
 * @param identityTrustAnchors files or directories of signature CA roots
 * @param revocation {@code none|crl|ocsp|ocsp+crl}
 * @param crlLocations CRL files, directories or URLs
 * @param ocspUrl the OCSP responder, or null for the certificate's AIA URL
 * @param allowTestRoots whether JPKI-TEST roots may be trusted
 * @param pinnedFingerprints fingerprints production roots must match (empty: the known J-LIS roots)
 * @param extraLoginPolicies policy OIDs accepted for login besides the JPKI one
 * @param extraIdentityPolicies policy OIDs accepted for identity besides the JPKI one
 * @param clockSkew allowed clock difference at validity boundaries
 */
public record JpkiSettings(
    List<Path> loginTrustAnchors,
    List<Path> identityTrustAnchors,
    String revocation,
    List<String> crlLocations,
    URI ocspUrl,
    boolean allowTestRoots,
    List<String> pinnedFingerprints,
    List<String> extraLoginPolicies,
    List<String> extraIdentityPolicies,
    Duration clockSkew) {}
