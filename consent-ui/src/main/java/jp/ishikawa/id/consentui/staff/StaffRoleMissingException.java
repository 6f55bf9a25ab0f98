package jp.ishikawa.id.consentui.staff;

/**
 * The signed-in person lacks the staff role a page needs (known from the probe, before any call):
 * the "not for you" page, as for the API's own {@code 403}.
 */
class StaffRoleMissingException extends RuntimeException {

  StaffRoleMissingException(String role) {
    super("the staff role " + role + " is missing");
  }

  static void require(StaffRoles roles, boolean held, String role) {
    if (roles == null || !held) {
      throw new StaffRoleMissingException(role);
    }
  }
}
