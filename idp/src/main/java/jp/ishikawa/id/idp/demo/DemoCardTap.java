package jp.ishikawa.id.idp.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.cardclient.protocol.TransactionClient;
import jp.ishikawa.id.cardclient.protocol.TransactionOutcome;
import jp.ishikawa.id.cardclient.simulator.SimulatedCard;
import jp.ishikawa.id.cardclient.simulator.TestCardFile;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.verifier.model.Purpose;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Demo mode's "tap a demo card here": a newcomer reaches the account page without a second
 * terminal. The server plays the resident's phone: card-client's own protocol client reads the
 * transaction the page shows from this IdP's public URL, types the code shown, and signs with the
 * demo card's key, exactly as {@code card-client login --simulated} does; the page then moves on
 * through the same events as for a real card. Only the IdP's own transaction URLs are tapped.
 *
 * <p>Exists in demo mode only, and answers only while {@link
 * IshikawaIdProperties#demoCardButtonShown()}; outside demo mode the button setting is refused at
 * start-up. {@link DemoPageAttributes} puts the buttons on the pages.
 */
@Controller
@ConditionalOnProperty(name = "ishikawa-id.demo", havingValue = "true")
public class DemoCardTap {

  private final DemoEnvironment demo;
  private final IshikawaIdProperties properties;
  private final TransactionClient client =
      new TransactionClient(HttpClient.newHttpClient(), Duration.ofSeconds(20));

  public DemoCardTap(DemoEnvironment demo, IshikawaIdProperties properties) {
    this.demo = demo;
    this.properties = properties;
  }

  /**
   * Taps {@code card} for the transaction at {@code transaction_url} with {@code
   * confirmation_code}; answers {@code {"status":"tapped"}}, or the card protocol's error code.
   */
  @PostMapping("/login/demo-card/tap")
  @ResponseBody
  public ResponseEntity<Map<String, Object>> tap(@RequestBody Map<String, Object> body)
      throws IOException {
    if (!properties.demoCardButtonShown()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found"));
    }
    Optional<DemoCard> card =
        demo.cards().stream().filter(c -> c.name().equals(body.get("card"))).findFirst();
    Purpose purpose = "identity".equals(body.get("purpose")) ? Purpose.IDENTITY : Purpose.LOGIN;
    String code = body.get("confirmation_code") instanceof String s ? s : null;
    URI url = ownTransaction(body.get("transaction_url"));
    if (card.isEmpty() || code == null || url == null) {
      return invalid("card, purpose, transaction_url (of this IdP) and confirmation_code");
    }
    if (purpose == Purpose.IDENTITY && !card.get().hasSignature()) {
      return invalid("this demo card has no signature certificate");
    }
    String secret = purpose == Purpose.IDENTITY ? card.get().password() : card.get().pin();
    SimulatedCard simulated = SimulatedCard.of(TestCardFile.read(card.get().file()));
    TransactionOutcome outcome = client.run(url, purpose, simulated, code, secret.toCharArray());
    if (outcome instanceof TransactionOutcome.Failed failed) {
      return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
          .body(Map.of("error", failed.code()));
    }
    return ResponseEntity.ok(Map.of("status", "tapped"));
  }

  /** The URL if it is one of this IdP's transactions: the server never fetches anything else. */
  private URI ownTransaction(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    String prefix = properties.getIssuer() + "/jpki/transactions/";
    if (!text.startsWith(prefix) || !text.substring(prefix.length()).matches("[A-Za-z0-9_-]+")) {
      return null;
    }
    return URI.create(text);
  }

  private static ResponseEntity<Map<String, Object>> invalid(String description) {
    return ResponseEntity.badRequest()
        .body(Map.of("error", "invalid_request", "error_description", description));
  }
}
