package jp.ishikawa.id.idp.management;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How the management API refuses a caller, and what the audit trail keeps of it (event {@code
 * management.refused}, never the token):
 *
 * <ul>
 *   <li>no token, or a token that is malformed, forged, expired, for another audience, not issued
 *       to a management client, revoked or of an inactive resident: {@code 401} with {@code
 *       WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750 §3.1; without a token, no error
 *       code, §3.1 last paragraph); reason {@code invalid_token} or {@code no_token};
 *   <li>a valid token without the role the endpoint needs: {@code 403} with {@code error=
 *       "insufficient_scope"}; reason {@code insufficient_role}.
 * </ul>
 *
 * <p>The body is problem JSON (RFC 9457) with the same {@code code}.
 */
public final class ManagementApiRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String EVENT = "management.refused";

  public static final String NO_TOKEN = "no_token";
  public static final String INVALID_TOKEN = "invalid_token";
  public static final String INSUFFICIENT_ROLE = "insufficient_role";

  private final AuditLog audit;
  private final ResidentService residents;

  public ManagementApiRefusals(AuditLog audit, ResidentService residents) {
    this.audit = audit;
    this.residents = residents;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    boolean tokenPresented = request.getHeader("Authorization") != null;
    String code = tokenPresented ? INVALID_TOKEN : NO_TOKEN;
    audit.record(EVENT, "failure", code, null, null, where(request));
    response.setHeader(
        "WWW-Authenticate",
        tokenPresented
            ? "Bearer realm=\"ishikawa-id-management\", error=\"invalid_token\","
                + " error_description=\"the access token is not valid for this API\""
            : "Bearer realm=\"ishikawa-id-management\"");
    write(
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        code,
        tokenPresented
            ? "the access token is not valid for this API"
            : "an access token for the management API is required");
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
      throws IOException {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    String residentId = null;
    String clientId = null;
    if (caller instanceof JwtAuthenticationToken token) {
      residentId = residents.findByIshikawaId(token.getName()).map(Resident::id).orElse(null);
      clientId = token.getToken().getClaimAsString("client_id");
    }
    audit.record(EVENT, "failure", INSUFFICIENT_ROLE, residentId, clientId, where(request));
    response.setHeader(
        "WWW-Authenticate",
        "Bearer realm=\"ishikawa-id-management\", error=\"insufficient_scope\","
            + " error_description=\"the caller's role does not allow this endpoint\"");
    write(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        INSUFFICIENT_ROLE,
        "the caller's role does not allow this endpoint");
  }

  /** The method and path, without the query (which may carry an Ishikawa ID searched for). */
  private static String where(HttpServletRequest request) {
    return request.getMethod() + " " + request.getRequestURI();
  }

  private static void write(HttpServletResponse response, int status, String code, String detail)
      throws IOException {
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/problem+json");
    response
        .getOutputStream()
        .write(
            ("{\"type\":\"urn:ishikawa-id:problem:"
                    + code
                    + "\",\"title\":\""
                    + code
                    + "\",\"status\":"
                    + status
                    + ",\"detail\":\""
                    + detail
                    + "\",\"code\":\""
                    + code
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
