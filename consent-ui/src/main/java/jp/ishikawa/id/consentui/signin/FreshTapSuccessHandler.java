package jp.ishikawa.id.consentui.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * After a sign-in: back to the page that asked for a fresh tap ({@link FreshTap#begin}), marked as
 * just tapped; otherwise to the page the person first asked for (Spring Security's saved request).
 */
public final class FreshTapSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

  private final Clock clock;

  public FreshTapSuccessHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws ServletException, IOException {
    String returnTo = FreshTap.takeReturn(request, clock.instant());
    if (returnTo != null) {
      clearAuthenticationAttributes(request);
      getRedirectStrategy().sendRedirect(request, response, returnTo);
      return;
    }
    super.onAuthenticationSuccess(request, response, authentication);
  }
}
