package jp.ishikawa.id.consentui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * consent-ui: 「マイ いしかわID」 for residents and the staff console. An OpenID Connect client of the IdP
 * (registration {@code ishikawa-id}) that reads and changes everything through the IdP's management
 * API ({@code /api/**}) with the signed-in person's access token; it has no password form and no
 * database of its own.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsentUiApplication {

  public static void main(String[] args) {
    SpringApplication.run(ConsentUiApplication.class, args);
  }
}
