package jp.ishikawa.id.idp.demo;

import java.util.List;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Demo mode: the card widget's "tap a demo card here" buttons, one per demo card with its PIN or
 * password (fictitious cards, see {@link DemoCardTap}); none when the button is switched off.
 */
@ControllerAdvice
@ConditionalOnProperty(name = "ishikawa-id.demo", havingValue = "true")
public class DemoPageAttributes {

  private final DemoEnvironment demo;
  private final IshikawaIdProperties properties;

  public DemoPageAttributes(DemoEnvironment demo, IshikawaIdProperties properties) {
    this.demo = demo;
    this.properties = properties;
  }

  @ModelAttribute("demoCards")
  public List<DemoCard> demoCards() {
    return properties.demoCardButtonShown() ? demo.cards() : List.of();
  }
}
