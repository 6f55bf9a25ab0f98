package jp.ishikawa.id.consentui.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jp.ishikawa.id.consentui.api.ReferenceCode;
import jp.ishikawa.id.consentui.signin.SignInFailureHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The pages shown without a session: after logging out, after a failed sign-in. */
@Controller
public class SessionPages {

  private static final Logger log = LoggerFactory.getLogger(SessionPages.class);

  @GetMapping("/signed-out")
  public String signedOut() {
    return "signed-out";
  }

  /**
   * The IdP refused the sign-in or could not be reached for the token: the cause that {@link
   * SignInFailureHandler} kept is logged with a reference code, which the page shows.
   */
  @GetMapping("/sign-in-failed")
  public String signInFailed(HttpServletRequest request, Model model) {
    HttpSession session = request.getSession(false);
    Object error = session == null ? null : session.getAttribute(SignInFailureHandler.ERROR);
    if (session != null) {
      session.removeAttribute(SignInFailureHandler.ERROR);
    }
    String reference = ReferenceCode.next();
    log.warn(
        "sign-in through the IdP failed: {}, reference {}",
        error == null ? "(page opened directly)" : error,
        reference);
    model.addAttribute("reference", reference);
    return "sign-in-failed";
  }
}
