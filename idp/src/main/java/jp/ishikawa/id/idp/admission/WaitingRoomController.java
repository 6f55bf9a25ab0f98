package jp.ishikawa.id.idp.admission;

import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The waiting room: the resident's number, how many are ahead, the estimated wait, and the page
 * moving on by itself when their turn comes ({@code /waiting-room/status}, polled by the page).
 */
@Controller
@ConditionalOnExpression("${ishikawa-id.admission.logins-per-second:0} > 0")
public class WaitingRoomController {

  private final AdmissionQueue queue;

  public WaitingRoomController(AdmissionQueue queue) {
    this.queue = queue;
  }

  @GetMapping(value = "/waiting-room", produces = MediaType.TEXT_HTML_VALUE)
  public String page(HttpSession session, Model model) {
    AdmissionQueue.Standing standing = WaitingRoomFilter.place(session, queue);
    if (standing.admitted()) {
      return "redirect:/login";
    }
    model.addAttribute("standing", standing);
    model.addAttribute("waitMinutes", minutes(standing));
    return "waiting-room";
  }

  @GetMapping(value = "/waiting-room/status", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> status(HttpSession session) {
    AdmissionQueue.Standing standing = WaitingRoomFilter.place(session, queue);
    boolean admitted = standing.admitted();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("admitted", admitted);
    body.put("ticket", standing.ticket());
    body.put("now_serving", standing.nowServing());
    body.put("position", admitted ? 0 : standing.position());
    body.put("estimated_wait_seconds", admitted ? 0 : standing.estimatedWait().toSeconds());
    body.put("estimated_wait_minutes", admitted ? 0 : minutes(standing));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }

  private static long minutes(AdmissionQueue.Standing standing) {
    return Math.max(1, (standing.estimatedWait().toSeconds() + 59) / 60);
  }
}
