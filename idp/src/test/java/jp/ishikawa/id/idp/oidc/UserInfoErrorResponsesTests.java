package jp.ishikawa.id.idp.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

class UserInfoErrorResponsesTests {

  private final UserInfoErrorResponses handler = new UserInfoErrorResponses();
  private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/userinfo");
  private final MockHttpServletResponse response = new MockHttpServletResponse();

  private void fail(String code, String description) throws Exception {
    handler.onAuthenticationFailure(
        request,
        response,
        new OAuth2AuthenticationException(new OAuth2Error(code, description, null)));
  }

  @Test
  void invalidTokenThen401WithBearerChallenge() throws Exception {
    request.addHeader("Authorization", "Bearer abc");

    fail("invalid_token", "the token is not active");

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"the token is not active\"");
    assertThat(response.getContentAsString())
        .isEqualTo(
            "{\"error\":\"invalid_token\",\"error_description\":\"the token is not active\"}");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void insufficientScopeThen403() throws Exception {
    fail("insufficient_scope", null);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getHeader("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"insufficient_scope\"");
  }

  @Test
  void otherErrorThen400() throws Exception {
    fail("invalid_request", null);

    assertThat(response.getStatus()).isEqualTo(400);
  }

  @Test
  void dpopBoundTokenThenDpopScheme() throws Exception {
    request.addHeader("Authorization", "DPoP abc");

    fail("invalid_token", null);

    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("DPoP error=\"invalid_token\"");
  }

  @Test
  void descriptionWithQuotesAndControlsThenCannotBreakTheHeaderOrTheJson() throws Exception {
    fail("invalid_token", "a\"b\\c\r\nSet-Cookie: x=1 無効");

    assertThat(response.getHeader("WWW-Authenticate"))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\"a b c  Set-Cookie: x=1   \"");
    assertThat(response.getContentAsString()).doesNotContain("\r", "\n", "\\", "無効");
  }

  @Test
  void notAnOAuth2ErrorThenInvalidToken() throws Exception {
    handler.onAuthenticationFailure(request, response, new BadCredentialsException("x"));

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
  }
}
