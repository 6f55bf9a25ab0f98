package jp.ishikawa.id.idp.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a management access token whose signature, issuer, audience and lifetime have been checked
 * into the caller, after three more checks that fail closed with {@code invalid_token}: the token
 * was issued to a management client ({@code client_id}); the authorization server still holds it
 * active (a withdrawal, a deactivation or a revocation ends it at once, not at its expiry); its
 * {@code sub} (the Ishikawa ID: management clients have the public subject type) is an active
 * resident. The caller gets {@code ROLE_resident} (their own data), plus {@code ROLE_admin}, {@code
 * ROLE_auditor} or {@code ROLE_support} when {@link StaffProperties} lists their Ishikawa ID.
 */
public final class ManagementTokenAuthentication
    implements Converter<Jwt, AbstractAuthenticationToken> {

  private final Set<String> managementClients;
  private final StaffProperties staff;
  private final OAuth2AuthorizationService authorizations;
  private final ResidentService residents;

  public ManagementTokenAuthentication(
      ManagementProperties management,
      StaffProperties staff,
      OAuth2AuthorizationService authorizations,
      ResidentService residents) {
    this.managementClients = Set.copyOf(management.getClients());
    this.staff = staff;
    this.authorizations = authorizations;
    this.residents = residents;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String clientId = jwt.getClaimAsString("client_id");
    if (clientId == null || !managementClients.contains(clientId)) {
      throw new InvalidBearerTokenException("the token was not issued to a management client");
    }
    OAuth2Authorization authorization =
        authorizations.findByToken(jwt.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
    if (authorization == null
        || authorization.getAccessToken() == null
        || !authorization.getAccessToken().isActive()) {
      throw new InvalidBearerTokenException("the token is no longer active");
    }
    String ishikawaId = jwt.getSubject();
    if (ishikawaId == null
        || !ishikawaId.equals(authorization.getPrincipalName())
        || !residents.findByIshikawaId(ishikawaId).map(Resident::active).orElse(false)) {
      throw new InvalidBearerTokenException("the token's resident is not active");
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority("ROLE_resident"));
    if (staff.getAdmins().contains(ishikawaId)) {
      authorities.add(new SimpleGrantedAuthority("ROLE_admin"));
    }
    if (staff.getAuditors().contains(ishikawaId)) {
      authorities.add(new SimpleGrantedAuthority("ROLE_auditor"));
    }
    if (staff.getSupport().contains(ishikawaId)) {
      authorities.add(new SimpleGrantedAuthority("ROLE_support"));
    }
    return new JwtAuthenticationToken(jwt, authorities, ishikawaId);
  }
}
