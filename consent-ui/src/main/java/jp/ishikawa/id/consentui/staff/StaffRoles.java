package jp.ishikawa.id.consentui.staff;

import java.io.Serializable;

/**
 * The staff roles of the signed-in person, as the management API answered them (the ID token and
 * userinfo carry no roles: the IdP binds roles to Ishikawa IDs by its own configuration, and the
 * API is the only truth). {@code admin}: services and signing keys; {@code auditor}: the audit
 * trail and statistics (and reading the keys); {@code support}: resident metadata lookup.
 *
 * <p>{@code support} cannot be probed: every resident lookup, even of an unknown id, is audited
 * ({@code support.resident_lookup}), so consent-ui never makes one the person did not ask for. It
 * is {@code true} once a lookup the person made was answered, until then the lookup page is linked
 * for every staff member and a refusal says plainly that the role is missing.
 *
 * @param subject the Ishikawa ID these roles were read for (a new sign-in of someone else probes
 *     again)
 */
public record StaffRoles(String subject, boolean admin, boolean auditor, boolean support)
    implements Serializable {

  /** Whether the person holds any staff role: the staff console is shown only then. */
  public boolean any() {
    return admin || auditor || support;
  }

  /** Reading the signing keys: admins and auditors ({@code GET /api/admin/keys}). */
  public boolean keys() {
    return admin || auditor;
  }

  StaffRoles withSupport() {
    return new StaffRoles(subject, admin, auditor, true);
  }
}
