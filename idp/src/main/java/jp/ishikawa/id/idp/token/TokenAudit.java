package jp.ishikawa.id.idp.token;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Tokens issued and revoked, in the audit trail (issue 9), never the token itself:
 *
 * <ul>
 *   <li>{@code token.issued} (reason: the grant type; the resident, or none for {@code
 *       client_credentials}; the client) when an access token has been minted, after every check of
 *       the customizers it wraps passed: a refused grant records nothing here. The token is then
 *       stored and answered in the same request;
 *   <li>{@code token.revoked} (reason {@code revocation_endpoint}, the token type hint) when a
 *       client revoked one of its tokens at the revocation endpoint (RFC 7009), if the IdP held it.
 * </ul>
 *
 * Revocations the IdP makes itself are audited where they happen: {@code consent.withdrawn}, {@code
 * resident.deactivated}, {@code admin.client_disabled}, {@code token.refresh_reuse}, {@code
 * token.concurrent_use}.
 */
public final class TokenAudit implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final ResidentService residents;
  private final AuditLog audit;
  private final OAuth2TokenCustomizer<JwtEncodingContext> next;

  public TokenAudit(
      ResidentService residents, AuditLog audit, OAuth2TokenCustomizer<JwtEncodingContext> next) {
    this.residents = residents;
    this.audit = audit;
    this.next = next;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    next.customize(context);
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    String residentId =
        ResidentAuthentication.from(context.getPrincipal())
            .flatMap(login -> ResidentsOfThisRequest.find(residents, login.ishikawaId()))
            .map(Resident::id)
            .orElse(null);
    audit.record(
        "token.issued",
        "success",
        context.getAuthorizationGrantType().getValue(),
        residentId,
        context.getRegisteredClient().getClientId(),
        "access token");
  }

  /**
   * The revocation endpoint's success handler: audits the revocation, then answers {@code 200} as
   * RFC 7009 §2.2 asks (also for a token the IdP does not know, which is not audited).
   */
  public static AuthenticationSuccessHandler revocations(
      OAuth2AuthorizationService authorizations, ResidentService residents, AuditLog audit) {
    return (HttpServletRequest request, HttpServletResponse response, Authentication result) -> {
      if (result instanceof OAuth2TokenRevocationAuthenticationToken revocation) {
        OAuth2Authorization authorization = authorizations.findByToken(revocation.getToken(), null);
        if (authorization != null) {
          String residentId =
              Optional.ofNullable(authorization.getPrincipalName())
                  .flatMap(residents::findByIshikawaId)
                  .map(Resident::id)
                  .orElse(null);
          String clientId =
              revocation.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                      && client.getRegisteredClient() != null
                  ? client.getRegisteredClient().getClientId()
                  : null;
          String hint = revocation.getTokenTypeHint();
          audit.record(
              "token.revoked",
              "success",
              "revocation_endpoint",
              residentId,
              clientId,
              hint == null ? "token" : hint.replaceAll("[^a-z_]", ""));
        }
      }
      response.setStatus(HttpServletResponse.SC_OK);
    };
  }
}
