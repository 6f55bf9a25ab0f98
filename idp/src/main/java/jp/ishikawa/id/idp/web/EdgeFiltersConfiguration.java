package jp.ishikawa.id.idp.web;

import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Servlet filters in front of everything, Spring Security's chains included: {@link
 * IssuerOriginRedirects} (every redirect on the issuer) and {@link ProtocolEndpointResponses} (405
 * for a non-POST request to the token, introspection or revocation endpoint, which no filter chain
 * of the authorization server matches).
 */
@Configuration(proxyBeanMethods = false)
public class EdgeFiltersConfiguration {

  @Bean
  FilterRegistrationBean<IssuerOriginRedirects> issuerOriginRedirects(
      IshikawaIdProperties properties) {
    FilterRegistrationBean<IssuerOriginRedirects> registration =
        new FilterRegistrationBean<>(new IssuerOriginRedirects(properties.getIssuer()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ProtocolEndpointResponses> protocolEndpointMethods() {
    FilterRegistrationBean<ProtocolEndpointResponses> registration =
        new FilterRegistrationBean<>(new ProtocolEndpointResponses());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }
}
