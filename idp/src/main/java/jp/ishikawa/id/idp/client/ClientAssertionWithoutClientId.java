package jp.ishikawa.id.idp.client;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * RFC 7521 §4.2 makes {@code client_id} optional next to a {@code client_assertion}, and certified
 * client libraries (Nimbus, openid-client) leave it out at the token endpoint; Spring's converter
 * requires it and answers {@code invalid_request}. This converter, placed before Spring's, reads
 * the client id from the assertion's {@code sub} when {@code client_id} is absent. Nothing is
 * trusted from it: the client is only looked up by it, and {@link ClientAssertionDecoderFactory}
 * then verifies the signature and that {@code iss} and {@code sub} are that client's id.
 */
public final class ClientAssertionWithoutClientId implements AuthenticationConverter {

  private static final ClientAuthenticationMethod JWT_BEARER =
      new ClientAuthenticationMethod("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

  @Override
  public Authentication convert(HttpServletRequest request) {
    String[] types = request.getParameterValues(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);
    String[] assertions = request.getParameterValues(OAuth2ParameterNames.CLIENT_ASSERTION);
    if (types == null
        || assertions == null
        || request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null
        || types.length != 1
        || assertions.length != 1
        || !JWT_BEARER.getValue().equals(types[0])) {
      return null; // Spring's converter decides
    }
    String clientId;
    try {
      clientId = SignedJWT.parse(assertions[0]).getJWTClaimsSet().getSubject();
    } catch (ParseException e) {
      throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
    }
    return new OAuth2ClientAuthenticationToken(
        clientId, JWT_BEARER, assertions[0], codeGrantParameters(request));
  }

  /** As Spring's converter: the code grant's parameters, for the PKCE check that follows. */
  private static Map<String, Object> codeGrantParameters(HttpServletRequest request) {
    Map<String, Object> parameters = new HashMap<>();
    if (!"authorization_code".equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
        || request.getParameter(OAuth2ParameterNames.CODE) == null) {
      return parameters;
    }
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (!name.equals(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE)
                  && !name.equals(OAuth2ParameterNames.CLIENT_ASSERTION)
                  && !name.equals(OAuth2ParameterNames.CLIENT_ID)) {
                parameters.put(name, values.length == 1 ? values[0] : values);
              }
            });
    return parameters;
  }
}
