package jp.ishikawa.id.idp.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * How a logged-in resident is represented in the session and in stored authorizations.
 *
 * <p>It is a plain {@link UsernamePasswordAuthenticationToken} whose name is the Ishikawa ID and
 * whose credentials are null (there is no password): a type Spring Security already knows how to
 * serialise, into the Redis session and into the authorization server's JSON, without an allow-list
 * of our own. What matters about the login travels as authorities: an X.509 {@link
 * FactorGrantedAuthority} stamped with the card tap time (the ID token's {@code auth_time}), and
 * {@code ACR_<acr>} for the {@code acr} claim.
 */
public final class ResidentAuthentication {

  public static final String RESIDENT_ROLE = "ROLE_RESIDENT";
  private static final String ACR_PREFIX = "ACR_";

  private ResidentAuthentication() {}

  public static Authentication of(Resident resident, String acr, Instant authenticatedAt) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority(RESIDENT_ROLE));
    authorities.add(
        FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.X509_AUTHORITY)
            .issuedAt(authenticatedAt)
            .build());
    authorities.add(new SimpleGrantedAuthority(ACR_PREFIX + acr));
    return UsernamePasswordAuthenticationToken.authenticated(
        resident.ishikawaId(), null, authorities);
  }

  /** Whether {@code authentication} is a resident who logged in with a card. */
  public static boolean isResident(Authentication authentication) {
    return authentication != null
        && authentication.isAuthenticated()
        && authentication.getAuthorities().stream()
            .anyMatch(a -> RESIDENT_ROLE.equals(a.getAuthority()));
  }

  public static Optional<String> acr(Authentication authentication) {
    return authentication.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .filter(a -> a != null && a.startsWith(ACR_PREFIX))
        .map(a -> a.substring(ACR_PREFIX.length()))
        .findFirst();
  }

  /** When the card was tapped. */
  public static Optional<Instant> authenticatedAt(Authentication authentication) {
    return authentication.getAuthorities().stream()
        .filter(FactorGrantedAuthority.class::isInstance)
        .map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
        .max(Instant::compareTo);
  }
}
