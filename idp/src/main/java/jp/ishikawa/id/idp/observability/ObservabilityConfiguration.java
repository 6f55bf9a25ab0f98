package jp.ishikawa.id.idp.observability;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import jp.ishikawa.id.idp.config.JpkiRevocation;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/** Request ids in the logs, and the metrics of docs/operations.md. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

  /**
   * The management port (probes, {@code /actuator/prometheus}) answers without a session: it is not
   * public (production's NetworkPolicy opens it to the kubelet and Prometheus only). When the
   * management server shares the public port (demo, embedded) this matches nothing, and only the
   * health endpoints are open there (SecurityConfiguration).
   */
  @Bean
  @Order(0)
  SecurityFilterChain managementPortChain(
      HttpSecurity http,
      @Value("${management.server.port:-1}") int managementPort,
      @Value("${server.port:8080}") int serverPort) {
    boolean separate = managementPort > 0 && managementPort != serverPort;
    http.securityMatcher(request -> separate && request.getLocalPort() == managementPort)
        .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.disable());
    return http.build();
  }

  /**
   * Spring Security's own observations are off: they wrap every filter of every chain, and each
   * authentication and authorization decision, in an observation with its own timer, for metrics
   * docs/operations.md does not list. Under load they took a measurable share of the CPU
   * (docs/performance.md, "Complete login"). The request timings stay ({@code
   * http_server_requests_seconds}), as do the IdP's own counters.
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration =
        new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<TokenGrantMetricsFilter> tokenGrantMetricsFilter(MeterRegistry registry) {
    FilterRegistrationBean<TokenGrantMetricsFilter> registration =
        new FilterRegistrationBean<>(new TokenGrantMetricsFilter(registry));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  InitializingBean revocationFreshnessMetrics(
      MeterRegistry registry, JpkiRevocation revocation, Clock clock) {
    return () -> RevocationFreshness.register(registry, revocation, clock);
  }
}
