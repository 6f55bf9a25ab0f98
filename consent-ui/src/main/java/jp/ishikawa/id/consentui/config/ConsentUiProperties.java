package jp.ishikawa.id.consentui.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code consent-ui.*}.
 *
 * <ul>
 *   <li>{@code demo}: every page says DEMO, and the IdP's demo settings are read from {@code
 *       demo-directory} ({@link DemoSettings});
 *   <li>{@code management-api}: the IdP's origin serving {@code /api/**} (default: the issuer);
 *   <li>{@code id-token-algorithm}: how the IdP signs this client's ID tokens (ES256, RS256);
 *   <li>{@code help-desk.*}: where residents call (unset: their city or town office).
 * </ul>
 */
@ConfigurationProperties("consent-ui")
public class ConsentUiProperties {

  private boolean demo;
  private String demoDirectory = "data/demo";
  private URI managementApi;
  private String idTokenAlgorithm = "ES256";
  private final HelpDesk helpDesk = new HelpDesk();

  public boolean isDemo() {
    return demo;
  }

  public void setDemo(boolean demo) {
    this.demo = demo;
  }

  public String getDemoDirectory() {
    return demoDirectory;
  }

  public void setDemoDirectory(String demoDirectory) {
    this.demoDirectory = demoDirectory;
  }

  public URI getManagementApi() {
    return managementApi;
  }

  public void setManagementApi(URI managementApi) {
    this.managementApi = managementApi;
  }

  /** How the IdP signs this client's ID tokens: ES256 (its default) or RS256. */
  public String getIdTokenAlgorithm() {
    return idTokenAlgorithm;
  }

  public void setIdTokenAlgorithm(String idTokenAlgorithm) {
    this.idTokenAlgorithm = idTokenAlgorithm;
  }

  public HelpDesk getHelpDesk() {
    return helpDesk;
  }

  /** The help desk's number and hours, as on the IdP's pages. */
  public static class HelpDesk {
    private String phone;
    private String weekdayHours;

    public String getPhone() {
      return phone;
    }

    public void setPhone(String phone) {
      this.phone = phone;
    }

    public String getWeekdayHours() {
      return weekdayHours;
    }

    public void setWeekdayHours(String weekdayHours) {
      this.weekdayHours = weekdayHours;
    }
  }
}
