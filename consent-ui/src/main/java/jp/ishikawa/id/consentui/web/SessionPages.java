package jp.ishikawa.id.consentui.web;

import jp.ishikawa.id.consentui.api.ReferenceCode;
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

  /** The IdP refused the sign-in or could not be reached for the token; the log has the cause. */
  @GetMapping("/sign-in-failed")
  public String signInFailed(Model model) {
    String reference = ReferenceCode.next();
    log.warn("sign-in through the IdP did not complete, reference {}", reference);
    model.addAttribute("reference", reference);
    return "sign-in-failed";
  }
}
