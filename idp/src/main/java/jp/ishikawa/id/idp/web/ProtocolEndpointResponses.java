package jp.ishikawa.id.idp.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The token, introspection and revocation endpoints answer machines in JSON, never with the login
 * page: any method but POST gets {@code 405} with {@code Allow: POST} (RFC 6749 §3.2, RFC 7662
 * §2.1, RFC 7009 §2.1: "The client MUST use the HTTP POST method"), and a POST without client
 * authentication gets {@code 401 invalid_client} with {@code WWW-Authenticate: Basic} (RFC 6749
 * §5.2).
 */
public final class ProtocolEndpointResponses extends OncePerRequestFilter
    implements AuthenticationEntryPoint {

  private static final Set<String> POST_ONLY =
      Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke");

  /** The requests the 401 entry point answers (register it for these). */
  public static final RequestMatcher ENDPOINTS =
      request ->
          POST_ONLY.contains(request.getRequestURI().substring(request.getContextPath().length()));

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ENDPOINTS.matches(request) || "POST".equals(request.getMethod());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Allow", "POST");
    write(
        response,
        HttpServletResponse.SC_METHOD_NOT_ALLOWED,
        "invalid_request",
        "this endpoint accepts POST only");
  }

  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"ishikawa-id\"");
    write(
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        "invalid_client",
        "client authentication is required");
  }

  private static void write(
      HttpServletResponse response, int status, String error, String description)
      throws IOException {
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
