package jp.ishikawa.id.consentui.staff;

/** The staff console's addresses. */
final class StaffPaths {

  static final String HOME = "/staff";
  static final String SERVICES = HOME + "/services";
  static final String KEYS = HOME + "/keys";
  static final String AUDIT = HOME + "/audit";
  static final String STATISTICS = HOME + "/statistics";
  static final String RESIDENTS = HOME + "/residents";

  private StaffPaths() {}
}
