package jp.ishikawa.id.idp.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Response headers both filter chains add besides Spring Security's defaults and the content
 * security policy.
 *
 * <p>{@code Referrer-Policy: no-referrer}: the IdP's URLs carry secrets in the path or query (a
 * card transaction's URL, an authorization request's state and PKCE challenge), and nothing here
 * needs the {@code Referer} header (CSRF is checked by token), so no page tells any other site
 * where the browser came from.
 */
public final class SecurityHeaders {

  private SecurityHeaders() {}

  public static void noReferrer(HeadersConfigurer<HttpSecurity> headers) {
    headers.referrerPolicy(policy -> policy.policy(ReferrerPolicy.NO_REFERRER));
  }
}
