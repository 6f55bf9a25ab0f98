package jp.ishikawa.id.idp.management;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ishikawa-id.staff.*}: the Ishikawa IDs bound to each staff role of the management API.
 * Staff sign in with their card like every resident; the role comes from this list, never from the
 * token. {@code admin}: services and keys (no endpoint yet); {@code auditor}: the audit trail and
 * statistics; {@code support}: resident metadata lookup.
 */
@ConfigurationProperties("ishikawa-id.staff")
public class StaffProperties {

  private List<String> admins = new ArrayList<>();
  private List<String> auditors = new ArrayList<>();
  private List<String> support = new ArrayList<>();

  public List<String> getAdmins() {
    return admins;
  }

  public void setAdmins(List<String> admins) {
    this.admins = admins;
  }

  public List<String> getAuditors() {
    return auditors;
  }

  public void setAuditors(List<String> auditors) {
    this.auditors = auditors;
  }

  public List<String> getSupport() {
    return support;
  }

  public void setSupport(List<String> support) {
    this.support = support;
  }
}
