package jp.ishikawa.id.idp.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A resident's completed login, whatever the method: who ({@code ishikawaId}), when, with which
 * assurance ({@code acr}, our URN) and which RFC 8176 {@code amr} values, and by which {@link
 * LoginMethod}. Every authentication provider for residents produces one ({@link
 * #toAuthentication()}); the token customizer and the re-authentication filter read it back ({@link
 * #from(Authentication)}), so {@code acr}/{@code amr} in tokens are those of the login that
 * happened.
 *
 * <p>In the session and in stored authorizations it travels as a plain {@link
 * UsernamePasswordAuthenticationToken} whose name is the Ishikawa ID and whose credentials are null
 * (there is no password): a type Spring Security already knows how to serialise, into the Redis
 * session and into the authorization server's JSON, without an allow-list of our own. The rest are
 * authorities: {@code ROLE_RESIDENT}; the method's {@link FactorGrantedAuthority} stamped with the
 * login time (the ID token's {@code auth_time}); {@code ACR_<acr>}; one {@code AMR_<value>} per
 * {@code amr} value. {@link #from(Authentication)} fails closed: an authentication that lacks any
 * of these, or carries a factor of no known method, is not a resident login.
 *
 * @param ishikawaId the resident's Ishikawa ID (the public {@code sub})
 * @param authenticatedAt when the resident proved who they are
 * @param acr the authentication context class reference
 * @param amr the RFC 8176 authentication method references, in order
 * @param method the mechanism that authenticated the resident
 */
public record ResidentAuthentication(
    String ishikawaId, Instant authenticatedAt, String acr, List<String> amr, LoginMethod method) {

  public static final String RESIDENT_ROLE = "ROLE_RESIDENT";
  private static final String ACR_PREFIX = "ACR_";
  private static final String AMR_PREFIX = "AMR_";

  public ResidentAuthentication {
    Objects.requireNonNull(ishikawaId, "ishikawaId");
    Objects.requireNonNull(authenticatedAt, "authenticatedAt");
    Objects.requireNonNull(acr, "acr");
    Objects.requireNonNull(method, "method");
    amr = List.copyOf(amr);
    if (ishikawaId.isBlank() || acr.isBlank() || amr.isEmpty()) {
      throw new IllegalArgumentException("a resident login needs an Ishikawa ID, an acr and amr");
    }
  }

  /** The authenticated token Spring Security keeps in the session. */
  public Authentication toAuthentication() {
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority(RESIDENT_ROLE));
    authorities.add(
        FactorGrantedAuthority.withAuthority(method.factorAuthority())
            .issuedAt(authenticatedAt)
            .build());
    authorities.add(new SimpleGrantedAuthority(ACR_PREFIX + acr));
    amr.forEach(value -> authorities.add(new SimpleGrantedAuthority(AMR_PREFIX + value)));
    return UsernamePasswordAuthenticationToken.authenticated(ishikawaId, null, authorities);
  }

  /**
   * The resident login {@code authentication} represents, or empty when it is none: not
   * authenticated, not a resident, no known method, or missing its time, {@code acr} or {@code
   * amr}.
   */
  public static Optional<ResidentAuthentication> from(Authentication authentication) {
    if (!(authentication instanceof UsernamePasswordAuthenticationToken)
        || !authentication.isAuthenticated()
        || authentication.getName() == null
        || authentication.getName().isBlank()) {
      return Optional.empty();
    }
    boolean resident = false;
    String acr = null;
    List<String> amr = new ArrayList<>();
    List<FactorGrantedAuthority> factors = new ArrayList<>();
    for (GrantedAuthority granted : authentication.getAuthorities()) {
      String authority = granted.getAuthority();
      if (granted instanceof FactorGrantedAuthority factor) {
        factors.add(factor);
      } else if (RESIDENT_ROLE.equals(authority)) {
        resident = true;
      } else if (authority != null && authority.startsWith(ACR_PREFIX)) {
        if (acr != null) {
          return Optional.empty();
        }
        acr = authority.substring(ACR_PREFIX.length());
      } else if (authority != null && authority.startsWith(AMR_PREFIX)) {
        amr.add(authority.substring(AMR_PREFIX.length()));
      }
    }
    if (!resident || acr == null || acr.isBlank() || amr.isEmpty() || factors.size() != 1) {
      return Optional.empty();
    }
    FactorGrantedAuthority factor = factors.get(0);
    Optional<LoginMethod> method = LoginMethod.ofFactorAuthority(factor.getAuthority());
    if (method.isEmpty() || factor.getIssuedAt() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ResidentAuthentication(
            authentication.getName(), factor.getIssuedAt(), acr, amr, method.get()));
  }

  /** Whether {@code authentication} is a logged-in resident. */
  public static boolean isResident(Authentication authentication) {
    return from(authentication).isPresent();
  }

  /** The {@code acr} of a resident login. */
  public static Optional<String> acr(Authentication authentication) {
    return from(authentication).map(ResidentAuthentication::acr);
  }

  /** When the resident of {@code authentication} proved who they are. */
  public static Optional<Instant> authenticatedAt(Authentication authentication) {
    return from(authentication).map(ResidentAuthentication::authenticatedAt);
  }
}
