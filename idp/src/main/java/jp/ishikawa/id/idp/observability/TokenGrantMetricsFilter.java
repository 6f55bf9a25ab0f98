package jp.ishikawa.id.idp.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts token endpoint answers by grant type and outcome ({@code ishikawa_id_token_grants}): the
 * services' side of the load. Reads only the {@code grant_type} parameter, from a fixed set.
 */
public class TokenGrantMetricsFilter extends OncePerRequestFilter {

  private static final Set<String> GRANT_TYPES =
      Set.of("authorization_code", "refresh_token", "client_credentials");

  private final MeterRegistry registry;

  public TokenGrantMetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod()) && "/oauth2/token".equals(request.getRequestURI()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      String grant = request.getParameter("grant_type");
      Counter.builder("ishikawa_id_token_grants")
          .description("Token endpoint answers, by grant type and outcome")
          .tag("grant_type", GRANT_TYPES.contains(grant) ? grant : "other")
          .tag("outcome", response.getStatus() == 200 ? "success" : "failure")
          .register(registry)
          .increment();
    }
  }
}
