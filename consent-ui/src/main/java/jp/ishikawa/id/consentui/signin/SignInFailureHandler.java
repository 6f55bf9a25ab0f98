package jp.ishikawa.id.consentui.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A sign-in through the IdP that did not complete (the resident denied it, the IdP refused the
 * code, an ID token that does not verify): the OAuth 2.0 error code (or the failure's kind) goes to
 * the session for {@code /sign-in-failed}, which logs it with a reference code and shows the
 * reference. Never the token or the error's description on the page.
 */
public final class SignInFailureHandler implements AuthenticationFailureHandler {

  /** The session attribute that hands the failure's code to the page. */
  public static final String ERROR = SignInFailureHandler.class.getName() + ".error";

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    String error =
        failure instanceof OAuth2AuthenticationException oauth2
            ? oauth2.getError().getErrorCode()
            : failure.getClass().getSimpleName();
    // The code can come from the redirect's query (anyone can craft one): letters and digits only.
    String safe = error.replaceAll("[^A-Za-z0-9_.-]", "?");
    request.getSession().setAttribute(ERROR, safe.length() > 64 ? safe.substring(0, 64) : safe);
    response.sendRedirect(request.getContextPath() + "/sign-in-failed");
  }
}
