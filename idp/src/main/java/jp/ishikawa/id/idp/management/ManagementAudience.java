package jp.ishikawa.id.idp.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Access tokens issued to a management client ({@link ManagementProperties#getClients}) are for the
 * management API: {@code aud} is {@value ManagementProperties#AUDIENCE} alone, and {@code
 * client_id} names the client (RFC 9068 §2.2), and {@code acr} and {@code auth_time} say how and
 * when the resident logged in (for {@link FreshCardTap}). Tokens of every other client keep their
 * own audience, so they are refused by the management API. Runs after the customizer it wraps.
 */
public final class ManagementAudience implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final Set<String> managementClients;
  private final OAuth2TokenCustomizer<JwtEncodingContext> next;

  public ManagementAudience(
      ManagementProperties properties, OAuth2TokenCustomizer<JwtEncodingContext> next) {
    this.managementClients = Set.copyOf(properties.getClients());
    this.next = next;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    next.customize(context);
    String clientId = context.getRegisteredClient().getClientId();
    if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
        && managementClients.contains(clientId)) {
      // A plain ArrayList: the stored authorization's JSON may only name allow-listed types.
      context.getClaims().audience(new ArrayList<>(List.of(ManagementProperties.AUDIENCE)));
      context.getClaims().claim("client_id", clientId);
      // RFC 9068 §2.2.1 / RFC 9470: the login behind the token, for the API's fresh-tap check.
      // A refreshed token keeps the original login's time: a refresh is not a tap. A Date: the
      // JOSE encoder writes it as seconds, and the stored authorization's JSON allows the type.
      ResidentAuthentication.from(context.getPrincipal())
          .ifPresent(
              login -> {
                context.getClaims().claim("acr", login.acr());
                context
                    .getClaims()
                    .claim("auth_time", java.util.Date.from(login.authenticatedAt()));
              });
    }
  }
}
