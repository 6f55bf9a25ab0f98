package jp.ishikawa.id.idp.consent;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The privacy policy in plain words, at the version every consent record names ({@link
 * ConsentRecordService#POLICY_VERSION}); the consent page links here. Public: a resident reads it
 * before logging in.
 */
@Controller
public class PrivacyPolicyController {

  @GetMapping("/privacy")
  public String privacy(Model model) {
    model.addAttribute("policyVersion", ConsentRecordService.POLICY_VERSION);
    return "privacy";
  }
}
