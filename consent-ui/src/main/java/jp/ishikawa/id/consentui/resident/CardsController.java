package jp.ishikawa.id.consentui.resident;

import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The cards bound to the resident, with their expiry and a renewal reminder. */
@Controller
class CardsController {

  private final CardReminders cards;

  CardsController(CardReminders cards) {
    this.cards = cards;
  }

  @GetMapping("/cards")
  String cards(Locale locale, Model model) {
    model.addAttribute("cards", cards.cards(locale));
    return "resident/cards";
  }
}
