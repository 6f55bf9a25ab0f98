package jp.ishikawa.id.idp.passkey;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webauthn/authenticate/options}: what Spring's {@code
 * PublicKeyCredentialRequestOptionsFilter} does — a fresh challenge from the relying party, as JSON
 * — but kept in {@link SessionLoginOptions}, which survives sessions in Redis. (Spring's configurer
 * builds its filter without a way to give it another repository; this one answers first, so
 * Spring's is never reached.)
 */
public final class PasskeyLoginOptionsFilter extends OncePerRequestFilter {

  private static final RequestMatcher OPTIONS =
      PathPatternRequestMatcher.withDefaults()
          .matcher(HttpMethod.POST, "/webauthn/authenticate/options");

  private final WebAuthnRelyingPartyOperations relyingParty;
  private final SessionLoginOptions options;
  private final JacksonJsonHttpMessageConverter json =
      new JacksonJsonHttpMessageConverter(
          JsonMapper.builder().addModule(new WebauthnJacksonModule()).build());
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();

  public PasskeyLoginOptionsFilter(
      WebAuthnRelyingPartyOperations relyingParty, SessionLoginOptions options) {
    this.relyingParty = relyingParty;
    this.options = options;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !OPTIONS.matches(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    PublicKeyCredentialRequestOptions created =
        relyingParty.createCredentialRequestOptions(
            new ImmutablePublicKeyCredentialRequestOptionsRequest(
                holder.getContext().getAuthentication()));
    options.save(request, response, created);
    response.setHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
    json.write(created, MediaType.APPLICATION_JSON, new ServletServerHttpResponse(response));
  }
}
