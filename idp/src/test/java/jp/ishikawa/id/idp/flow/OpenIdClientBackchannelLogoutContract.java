package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.LogoutTokenReceiver;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Back-channel logout with openid-client as the relying party: it logs the resident in and builds
 * the RP-initiated logout URL from discovery alone; the portal's back-channel logout endpoint, a
 * test server on 127.0.0.1, receives the logout token, verified with Nimbus's {@code
 * LogoutTokenValidator} against the JWKS our discovery names. An IdP of its own (the portal
 * registers the test server's address), on both storages. The Node side validates the same token
 * too, with jose (openid-client's own JOSE library) against the JWKS of discovery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenIdClientBackchannelLogoutContract {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  private LogoutTokenReceiver receiver;
  private TestIdentityProvider idp;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() {
    NodeRelyingParty.requireNodeAndPackages();
    receiver = new LogoutTokenReceiver();
    idp =
        TestIdentityProvider.start(
            storage(),
            Map.of(
                "ishikawa-id.clients[0].backchannel-logout-uri",
                receiver.uri("/portal/backchannel-logout").toString(),
                "ishikawa-id.backchannel-logout.poll-interval",
                "100ms"));
  }

  @AfterAll
  void stop() {
    if (idp != null) {
      idp.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void rpInitiatedLogoutWhenEndSessionUrlFromOpenIdClientThenLogoutTokenVerifiedAgainstOurJwks()
      throws Exception {
    TestResident resident =
        new TestResident(
            idp.issuer(),
            TestCards.issue(idp.pki(), TestFacts.defaults().withName("羽咋　" + System.nanoTime())));
    Map<String, String> portal =
        Map.of(
            "RP_ISSUER",
            idp.issuer().toString(),
            "RP_CLIENT_ID",
            TestIdentityProvider.PORTAL,
            "RP_CLIENT_SECRET",
            TestIdentityProvider.PORTAL_SECRET,
            "RP_REDIRECT_URI",
            TestIdentityProvider.PORTAL_REDIRECT.toString(),
            "RP_POST_LOGOUT_REDIRECT_URI",
            TestIdentityProvider.PORTAL_LOGGED_OUT.toString(),
            "RP_SCOPE",
            "openid profile");

    try (NodeRelyingParty rp = NodeRelyingParty.start("rp-logout", portal)) {
      URI authorization = URI.create((String) rp.expect("authorize").get("authorization_url"));
      rp.answer(
          Map.of(
              "callback_url",
              OpenIdClientContract.loginAndConsent(
                      resident, authorization, TestIdentityProvider.PORTAL_REDIRECT)
                  .toString()));
      Map<String, Object> result = rp.expect("result");
      Map<String, Object> idToken = (Map<String, Object>) result.get("id_token");
      String sub = (String) idToken.get("sub");
      String sid = (String) idToken.get("sid");
      assertThat(sid).as("the ID token carries the IdP session's sid").isNotBlank();

      HttpResponse<String> loggedOut =
          resident.browser().get((String) result.get("end_session_url"));
      assertThat(Browser.isRedirect(loggedOut))
          .as(loggedOut.statusCode() + " " + loggedOut.body())
          .isTrue();
      assertThat(Browser.location(loggedOut).toString())
          .startsWith(TestIdentityProvider.PORTAL_LOGGED_OUT.toString())
          .contains("state=" + result.get("end_session_state"));

      Optional<String> token =
          receiver.await("/portal/backchannel-logout", t -> sub.equals(subjectOf(t)), WITHIN);
      assertThat(token).as("a logout token for " + sub).isPresent();
      // Verified by Nimbus here …
      OIDCProviderMetadata metadata = OidcRelyingParty.discover(idp.issuer());
      LogoutTokenClaimsSet claims =
          new LogoutTokenValidator(
                  new Issuer(metadata.getIssuer().getValue()),
                  new ClientID(TestIdentityProvider.PORTAL),
                  true,
                  new JWSVerificationKeySelector<SecurityContext>(
                      JWSAlgorithm.ES256,
                      JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build()),
                  null)
              .validate(SignedJWT.parse(token.get()));
      assertThat(claims.getSubject().getValue()).isEqualTo(sub);
      assertThat(claims.getSessionID().getValue()).isEqualTo(sid);

      // … and by the Node relying party (jose), which knows only discovery and its ID token.
      rp.answer(Map.of("logout_token", token.get()));
      Map<String, Object> checked = rp.expect("logout_token");
      assertThat(checked).containsEntry("alg", "ES256").containsEntry("typ", "logout+jwt");
      Map<String, Object> checkedClaims = (Map<String, Object>) checked.get("claims");
      assertThat(checkedClaims).containsEntry("sub", sub).containsEntry("sid", sid);
      assertThat(checkedClaims.get("aud"))
          .isIn(TestIdentityProvider.PORTAL, List.of(TestIdentityProvider.PORTAL));
    }
  }

  private static String subjectOf(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    } catch (ParseException e) {
      return null;
    }
  }
}
