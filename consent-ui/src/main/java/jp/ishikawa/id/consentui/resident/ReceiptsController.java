package jp.ishikawa.id.consentui.resident;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A consent receipt ({@code GET /api/me/consents/{id}/receipt}: ISO/IEC TS 27560 state and Kantara
 * Consent Receipt v1.1 fields): as a readable page, and as the API's JSON to save as a file.
 */
@Controller
class ReceiptsController {

  private final ManagementApiClient api;
  private final PlainWords words;

  ReceiptsController(ManagementApiClient api, PlainWords words) {
    this.api = api;
    this.words = words;
  }

  @GetMapping("/consents/" + ConsentsController.ID + "/receipt")
  String receipt(@PathVariable String id, Locale locale, Model model) {
    Map<String, Object> receipt = api.get("/api/me/consents/{id}/receipt", id);
    Map<?, ?> service = first(receipt.get("services"));
    Map<?, ?> purpose = first(service.get("purposes"));
    List<String> items =
        purpose.get("piiCategory") instanceof List<?> categories
            ? categories.stream().map(String::valueOf).toList()
            : List.of();
    model.addAttribute("id", id);
    model.addAttribute("receiptId", receipt.get("consentReceiptID"));
    model.addAttribute("service", service.get("service"));
    model.addAttribute("controller", controllerName(receipt.get("piiControllers")));
    model.addAttribute(
        "given",
        ResidentDates.dateTime(ResidentDates.instant(receipt.get("consentTimestamp")), locale));
    model.addAttribute("method", receipt.get("collectionMethod"));
    model.addAttribute("purpose", purpose.get("purpose"));
    model.addAttribute("items", words.received(items, locale));
    model.addAttribute("legalBasis", receipt.get("legalBasis"));
    model.addAttribute("policyVersion", receipt.get("policyVersion"));
    model.addAttribute("status", receipt.get("status"));
    model.addAttribute("statusKey", ConsentView.statusKey(String.valueOf(receipt.get("status"))));
    model.addAttribute(
        "withdrawn",
        ResidentDates.dateTime(ResidentDates.instant(receipt.get("withdrawnTimestamp")), locale));
    model.addAttribute("principal", receipt.get("piiPrincipalId"));
    return "resident/receipt";
  }

  /** The receipt exactly as the API gave it, as a file to keep. */
  @GetMapping("/consents/" + ConsentsController.ID + "/receipt.json")
  ResponseEntity<String> download(@PathVariable String id) {
    String json = api.getText("/api/me/consents/{id}/receipt", id);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("consent-receipt-" + id + ".json")
                .build()
                .toString())
        .body(json);
  }

  /** The controller that is not the Ishikawa ID itself: the service's name. */
  private static Object controllerName(Object controllers) {
    if (controllers instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> controller
            && Boolean.TRUE.equals(controller.get("onBehalf"))) {
          return controller.get("piiController");
        }
      }
    }
    return null;
  }

  private static Map<?, ?> first(Object list) {
    return list instanceof List<?> entries
            && !entries.isEmpty()
            && entries.getFirst() instanceof Map<?, ?> map
        ? map
        : Map.of();
  }
}
