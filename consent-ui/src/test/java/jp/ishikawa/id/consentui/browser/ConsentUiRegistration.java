package jp.ishikawa.id.consentui.browser;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * consent-ui as a configured client of the IdP (the management client {@code consent-ui}, public
 * subject type: its {@code sub} is the Ishikawa ID), on a port of the test's: the IdP's arguments
 * that register it and consent-ui's arguments that use it.
 */
record ConsentUiRegistration(URI home, String secret) {

  static ConsentUiRegistration on(URI home) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new ConsentUiRegistration(
        home, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
  }

  /** The IdP's {@code ishikawa-id.clients[i]} for consent-ui. */
  List<String> idpArguments(int i) {
    String prefix = "--ishikawa-id.clients[" + i + "].";
    return List.of(
        prefix + "client-id=consent-ui",
        prefix + "client-name=マイ いしかわID",
        prefix + "client-secret=" + secret,
        prefix + "redirect-uris=" + home.resolve("/login/oauth2/code/ishikawa-id"),
        prefix + "post-logout-redirect-uris=" + home.resolve("/signed-out"),
        prefix + "scopes=openid",
        prefix + "subject-type=public");
  }

  /** consent-ui's own arguments, signing in at {@code issuer}. */
  String[] consentUiArguments(URI issuer) {
    return new String[] {
      "--server.port=" + home.getPort(),
      "--consent-ui.issuer=" + issuer,
      "--consent-ui.client-id=consent-ui",
      "--consent-ui.client-secret=" + secret,
      "--logging.level.root=WARN"
    };
  }
}
