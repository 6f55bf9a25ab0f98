package jp.ishikawa.id.idp.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.identity.Resident;

/**
 * A consent receipt for one consent record, with the fields of the Kantara Initiative Consent
 * Receipt Specification v1.1 (names as there: {@code version}, {@code jurisdiction}, {@code
 * consentTimestamp}, {@code collectionMethod}, {@code consentReceiptID}, {@code language}, {@code
 * piiPrincipalId}, {@code piiControllers}, {@code policyUrl}, {@code services} with {@code
 * purposes}, {@code sensitive}, {@code spiCat}) and the ISO/IEC TS 27560 record's state ({@code
 * status}, {@code withdrawnTimestamp}, {@code legalBasis}). The PII principal is the Ishikawa ID;
 * the receipt holds no personal fact, only which kinds of data were agreed to.
 */
final class ConsentReceipt {

  static final String VERSION = "KI-CR-v1.1.0";
  static final String JURISDICTION = "JP";
  static final String PRINCIPAL_CONTROLLER = "石川県 / Ishikawa Prefecture (Ishikawa ID)";
  static final String POLICY_URL = "/account";

  private ConsentReceipt() {}

  static Map<String, Object> of(ConsentRecord record, Resident resident) {
    Map<String, Object> receipt = new LinkedHashMap<>();
    receipt.put("version", VERSION);
    receipt.put("jurisdiction", JURISDICTION);
    receipt.put("consentTimestamp", record.givenAt().getEpochSecond());
    receipt.put("collectionMethod", record.collectionMethod());
    receipt.put("consentReceiptID", record.id());
    receipt.put("language", "ja");
    receipt.put("piiPrincipalId", resident.ishikawaId());
    receipt.put(
        "piiControllers",
        List.of(controller(PRINCIPAL_CONTROLLER, true), controller(record.controller(), false)));
    receipt.put("policyUrl", POLICY_URL);
    receipt.put("policyVersion", record.policyVersion());
    Map<String, Object> purpose = new LinkedHashMap<>();
    purpose.put("purpose", record.purposes());
    purpose.put("purposeCategory", List.of("Core Function"));
    purpose.put("consentType", "EXPLICIT");
    purpose.put("piiCategory", record.dataItems());
    purpose.put("primaryPurpose", true);
    purpose.put("termination", "利用者がいつでも撤回できます / withdrawn by the resident at any time");
    purpose.put("thirdPartyDisclosure", false);
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("service", record.controller());
    service.put("serviceClientId", record.clientId());
    service.put("purposes", List.of(purpose));
    receipt.put("services", List.of(service));
    receipt.put("sensitive", false);
    receipt.put("spiCat", List.of());
    receipt.put("status", record.status());
    receipt.put("legalBasis", record.legalBasis());
    receipt.put(
        "withdrawnTimestamp",
        record.withdrawnAt() == null ? null : record.withdrawnAt().getEpochSecond());
    return receipt;
  }

  private static Map<String, Object> controller(String name, boolean onBehalf) {
    Map<String, Object> controller = new LinkedHashMap<>();
    controller.put("piiController", name);
    controller.put("onBehalf", onBehalf);
    return controller;
  }
}
