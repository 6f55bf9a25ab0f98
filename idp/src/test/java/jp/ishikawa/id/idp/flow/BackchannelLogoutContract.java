package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.ishikawa.id.idp.logout.BackchannelLogoutDelivery;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.LogoutTokenReceiver;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Back-channel logout 1.0 end to end: the portal (public {@code sub}, ES256) and the points service
 * (pairwise {@code sub}, RS256) register a {@code backchannel-logout-uri} on a test server; every
 * logout token it receives is verified with Nimbus's {@code LogoutTokenValidator} against our JWKS
 * from discovery. Delivery goes through the database outbox, so it runs on both storages, with a
 * node restart and a service that is down for a while.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackchannelLogoutContract {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  /** How long the IdP waits for this receiver's answer. */
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(2);

  private LogoutTokenReceiver receiver;
  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    receiver = new LogoutTokenReceiver();
    idp =
        TestIdentityProvider.start(
            storage(),
            Map.of(
                "ishikawa-id.clients[0].backchannel-logout-uri",
                receiver.uri("/portal").toString(),
                "ishikawa-id.clients[2].backchannel-logout-uri",
                receiver.uri("/points?tenant=1").toString(),
                "ishikawa-id.backchannel-logout.poll-interval",
                "100ms",
                "ishikawa-id.backchannel-logout.initial-backoff",
                "200ms",
                "ishikawa-id.backchannel-logout.max-backoff",
                "1s",
                "ishikawa-id.backchannel-logout.timeout",
                DELIVERY_TIMEOUT.toMillis() + "ms"));
    metadata = OidcRelyingParty.discover(idp.issuer());
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

  private LogoutTokenClaimsSet verified(String token, String clientId, JWSAlgorithm algorithm)
      throws Exception {
    LogoutTokenValidator validator =
        new LogoutTokenValidator(
            new Issuer(metadata.getIssuer().getValue()),
            new ClientID(clientId),
            true,
            new JWSVerificationKeySelector<SecurityContext>(
                algorithm, JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build()),
            null);
    return validator.validate(SignedJWT.parse(token));
  }

  private static String subjectOf(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    } catch (ParseException e) {
      return null;
    }
  }

  private String awaitFor(String path, String sub) throws InterruptedException {
    Optional<String> token = receiver.await(path, t -> sub.equals(subjectOf(t)), WITHIN);
    assertThat(token).as("a logout token for " + sub + " at " + path).isPresent();
    return token.get();
  }

  /** A new resident signed in at the portal: their browser and the portal's ID token. */
  private record AtPortal(TestResident resident, JWT idToken) {

    /** The resident's {@code sub} at the portal (public: their Ishikawa ID). */
    String sub() throws ParseException {
      return idToken.getJWTClaimsSet().getSubject();
    }

    String sid() throws ParseException {
      return idToken.getJWTClaimsSet().getStringClaim("sid");
    }
  }

  private AtPortal residentAtPortal() throws Exception {
    TestResident resident = ResidentAuthorization.newResident(idp);
    return new AtPortal(resident, PortalLogin.tokens(idp, resident).getIDToken());
  }

  /** As {@link #residentAtPortal()}, then on their account page, whose forms the tests post. */
  private AtPortal residentOnAccountPage() throws Exception {
    AtPortal portal = residentAtPortal();
    portal.resident().browser().open("/account");
    return portal;
  }

  private List<Map<String, Object>> outbox(String ishikawaId) {
    return idp.bean(JdbcClient.class)
        .sql("SELECT * FROM backchannel_logout_outbox WHERE principal_name = ?")
        .param(ishikawaId)
        .query()
        .listOfRows();
  }

  private String registeredId(String clientId) {
    return idp.bean(RegisteredClientRepository.class).findByClientId(clientId).getId();
  }

  @Test
  void discoveryWhenAClientRegisteredABackchannelUriThenAdvertised() {
    assertThat(metadata.supportsBackChannelLogout()).isTrue();
    assertThat(metadata.supportsBackChannelLogoutSession()).isTrue();
  }

  @Test
  void rpInitiatedLogoutWhenPortalHasBackchannelUriThenVerifiedLogoutTokenWithSidAndSub()
      throws Exception {
    AtPortal portal = residentAtPortal();
    TestResident resident = portal.resident();
    JWT idToken = portal.idToken();
    String sub = portal.sub();
    String sid = portal.sid();
    assertThat(sid).as("the ID token carries the IdP session's sid").isNotBlank();

    URI logout =
        new LogoutRequest(
                metadata.getEndSessionEndpointURI(),
                idToken,
                TestIdentityProvider.PORTAL_LOGGED_OUT,
                new State())
            .toURI();
    HttpResponse<String> loggedOut = resident.browser().get(logout.toString());
    assertThat(Browser.isRedirect(loggedOut)).isTrue();

    String token = awaitFor("/portal", sub);
    LogoutTokenClaimsSet claims = verified(token, TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    assertThat(claims.getSessionID().getValue()).isEqualTo(sid);
    assertThat(claims.getSubject().getValue()).isEqualTo(sub);
    assertThat(SignedJWT.parse(token).getHeader().getType().toString()).isEqualTo("logout+jwt");
    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaim("nonce")).isNull();
  }

  @Test
  void sessionSignOutWhenResidentLogsOutAtIdpThenLogoutTokenWithSid() throws Exception {
    AtPortal portal = residentOnAccountPage();
    TestResident resident = portal.resident();
    String sub = portal.sub();
    String sid = portal.sid();

    resident.browser().postForm("/logout", Map.of());

    LogoutTokenClaimsSet claims =
        verified(awaitFor("/portal", sub), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    assertThat(claims.getSessionID().getValue()).isEqualTo(sid);
  }

  /**
   * {@code resident}'s code for {@code clientId}: its authorization request (PKCE, {@code openid
   * profile}, {@code prompt} if given) through login and, if asked, consent, up to the redirect.
   */
  private AuthorizationCode code(
      TestResident resident,
      String clientId,
      URI redirectUri,
      CodeVerifier verifier,
      Prompt.Type... prompt)
      throws com.nimbusds.oauth2.sdk.ParseException {
    AuthenticationRequest.Builder request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "profile"),
                new ClientID(clientId),
                redirectUri)
            .endpointURI(metadata.getAuthorizationEndpointURI())
            .state(new State())
            .nonce(new Nonce())
            .codeChallenge(verifier, CodeChallengeMethod.S256);
    if (prompt.length > 0) {
      request.prompt(new Prompt(prompt));
    }
    return AuthorizationResponse.parse(
            ResidentAuthorization.authorize(resident, request.build().toURI(), redirectUri))
        .toSuccessResponse()
        .getAuthorizationCode();
  }

  /** The portal's code for {@code resident}, whose card consented to the portal before. */
  private PortalLogin.Code portalCode(TestResident resident) throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    return new PortalLogin.Code(
        code(resident, TestIdentityProvider.PORTAL, TestIdentityProvider.PORTAL_REDIRECT, verifier),
        verifier,
        metadata.getTokenEndpointURI());
  }

  /** The points app redeems {@code code} with its secret: its ID token's claims. */
  private JWTClaimsSet pointsIdToken(AuthorizationCode code, CodeVerifier verifier)
      throws Exception {
    OIDCTokenResponse tokens =
        (OIDCTokenResponse)
            OIDCTokenResponseParser.parse(
                new TokenRequest.Builder(
                        metadata.getTokenEndpointURI(),
                        new ClientSecretBasic(
                            new ClientID(TestIdentityProvider.POINTS),
                            new Secret(TestIdentityProvider.POINTS_SECRET)),
                        new AuthorizationCodeGrant(
                            code, TestIdentityProvider.POINTS_REDIRECT, verifier))
                    .build()
                    .toHTTPRequest()
                    .send());
    return tokens.getOIDCTokens().getIDToken().getJWTClaimsSet();
  }

  /**
   * One resident, two devices: the PC's code is redeemed after the phone signed in too. Each ID
   * token names the session that approved its code, and logging out the PC tells the portal the
   * PC's {@code sid}. (Spring's own lookup took the resident's session used last, the phone's, for
   * both.)
   */
  @Test
  void
      sidWhenTheResidentSignsInOnASecondDeviceBeforeTheFirstCodeIsRedeemedThenEachIdTokenNamesItsOwnSession()
          throws Exception {
    TestResident pc = ResidentAuthorization.newResident(idp);
    PortalLogin.Code pcCode = PortalLogin.code(idp, pc);
    TestResident phone = new TestResident(idp.issuer(), pc.card());
    PortalLogin.Code phoneCode = portalCode(phone);
    phone.browser().open("/account");

    JWTClaimsSet atPc =
        ((OIDCTokenResponse) pcCode.redeem().toSuccessResponse())
            .getOIDCTokens()
            .getIDToken()
            .getJWTClaimsSet();
    JWTClaimsSet onPhone =
        ((OIDCTokenResponse) phoneCode.redeem().toSuccessResponse())
            .getOIDCTokens()
            .getIDToken()
            .getJWTClaimsSet();
    assertThat(atPc.getSubject()).isEqualTo(onPhone.getSubject());
    assertThat(atPc.getStringClaim("sid")).isNotBlank();
    assertThat(onPhone.getStringClaim("sid"))
        .as("the phone's ID token names the phone's session, not the PC's")
        .isNotBlank()
        .isNotEqualTo(atPc.getStringClaim("sid"));
    assertThat(atPc.getDateClaim("auth_time"))
        .isNotNull()
        .isBeforeOrEqualTo(onPhone.getDateClaim("auth_time"));

    pc.browser().open("/account");
    pc.browser().postForm("/logout", Map.of());

    LogoutTokenClaimsSet claims =
        verified(
            awaitFor("/portal", atPc.getSubject()),
            TestIdentityProvider.PORTAL,
            JWSAlgorithm.ES256);
    assertThat(claims.getSessionID().getValue()).isEqualTo(atPc.getStringClaim("sid"));
  }

  /**
   * The points app's request with {@code prompt=login} in the browser of {@code resident}: a new
   * card tap in the same IdP session (which changes the session's id), consent, and the points
   * app's ID token.
   */
  private JWTClaimsSet pointsAfterANewTap(TestResident resident) throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    String before = resident.browser().cookie("ISHIKAWA_ID_SESSION");
    AuthorizationCode code =
        code(
            resident,
            TestIdentityProvider.POINTS,
            TestIdentityProvider.POINTS_REDIRECT,
            verifier,
            Prompt.Type.LOGIN);
    assertThat(resident.browser().cookie("ISHIKAWA_ID_SESSION"))
        .as("the new tap gave the session a new id (session fixation)")
        .isNotEqualTo(before);
    return pointsIdToken(code, verifier);
  }

  /**
   * A re-login in the same IdP session ({@code prompt=login}; also {@code max_age} and the card
   * step-up) changes the session's id, not the session: the services signed in before it and after
   * it share one {@code sid}, and logging out tells both.
   */
  @Test
  void sidWhenTheResidentTapsAgainInTheSameSessionThenEveryServiceOfTheSessionIsToldAtLogout()
      throws Exception {
    AtPortal portal = residentAtPortal();
    TestResident resident = portal.resident();

    JWTClaimsSet points = pointsAfterANewTap(resident);
    assertThat(points.getStringClaim("sid"))
        .as("one IdP session, one sid, before and after the new tap")
        .isEqualTo(portal.sid());

    resident.browser().open("/account");
    resident.browser().postForm("/logout", Map.of());

    LogoutTokenClaimsSet atPortal =
        verified(
            awaitFor("/portal", portal.sub()), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    assertThat(atPortal.getSessionID().getValue()).isEqualTo(portal.sid());
    LogoutTokenClaimsSet atPoints =
        verified(
            awaitFor("/points", points.getSubject()),
            TestIdentityProvider.POINTS,
            JWSAlgorithm.RS256);
    assertThat(atPoints.getSessionID().getValue()).isEqualTo(portal.sid());
  }

  /** The end-session request of the portal with {@code idTokenHint}, from {@code resident}. */
  private HttpResponse<String> rpInitiatedLogout(TestResident resident, JWT idTokenHint) {
    URI logout =
        new LogoutRequest(
                metadata.getEndSessionEndpointURI(),
                idTokenHint,
                TestIdentityProvider.PORTAL_LOGGED_OUT,
                new State())
            .toURI();
    return resident.browser().get(logout.toString());
  }

  /** As above, ended by the portal with its ID token from before the new tap. */
  @Test
  void rpInitiatedLogoutWhenTheHintIsFromBeforeANewTapInTheSessionThenAcceptedAndEveryServiceTold()
      throws Exception {
    AtPortal portal = residentAtPortal();
    TestResident resident = portal.resident();
    JWTClaimsSet points = pointsAfterANewTap(resident);

    HttpResponse<String> loggedOut = rpInitiatedLogout(resident, portal.idToken());

    assertThat(Browser.isRedirect(loggedOut)).as(loggedOut.body()).isTrue();
    assertThat(Browser.location(loggedOut).toString())
        .startsWith(TestIdentityProvider.PORTAL_LOGGED_OUT.toString());
    assertThat(
            verified(
                    awaitFor("/portal", portal.sub()),
                    TestIdentityProvider.PORTAL,
                    JWSAlgorithm.ES256)
                .getSessionID()
                .getValue())
        .isEqualTo(portal.sid());
    assertThat(
            verified(
                    awaitFor("/points", points.getSubject()),
                    TestIdentityProvider.POINTS,
                    JWSAlgorithm.RS256)
                .getSessionID()
                .getValue())
        .isEqualTo(portal.sid());
  }

  /**
   * The resident's phone's ID token cannot end the PC's session: RP-initiated logout with another
   * session's {@code id_token_hint} is refused and both stay signed in.
   */
  @Test
  void rpInitiatedLogoutWhenTheHintIsFromAnotherSessionOfTheResidentThenRefusedAndStillSignedIn()
      throws Exception {
    AtPortal pc = residentAtPortal();
    TestResident phone = new TestResident(idp.issuer(), pc.resident().card());
    JWT phoneIdToken =
        ((OIDCTokenResponse) portalCode(phone).redeem().toSuccessResponse())
            .getOIDCTokens()
            .getIDToken();
    assertThat(phoneIdToken.getJWTClaimsSet().getStringClaim("sid")).isNotEqualTo(pc.sid());

    HttpResponse<String> refused = rpInitiatedLogout(pc.resident(), phoneIdToken);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(pc.resident().browser().get("/account").statusCode()).isEqualTo(200);
    assertThat(phone.browser().get("/account").statusCode()).isEqualTo(200);
  }

  /**
   * Another resident's card tapped in the same browser session gets a sid of their own: a service
   * never sees one sid for two residents (which would tell it that they shared a browser).
   */
  @Test
  void sidWhenAnotherResidentTapsInTheSameSessionThenTheirIdTokensGetAnotherSid() throws Exception {
    AtPortal first = residentAtPortal();
    TestResident browser = first.resident();
    browser.replaceCard(ResidentAuthorization.newResident(idp).card());

    JWTClaimsSet second = pointsAfterANewTap(browser);

    assertThat(second.getStringClaim("sid")).isNotBlank().isNotEqualTo(first.sid());
  }

  @Test
  void consentWithdrawalWhenPairwiseClientThenLogoutTokenWithItsPairwiseSubSignedRs256()
      throws Exception {
    TestResident resident = ResidentAuthorization.newResident(idp);
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationCode code =
        code(resident, TestIdentityProvider.POINTS, TestIdentityProvider.POINTS_REDIRECT, verifier);
    String pairwiseSub = pointsIdToken(code, verifier).getSubject();
    resident.browser().open("/account");

    resident
        .browser()
        .postForm(
            "/account/consents/withdraw",
            Map.of("registeredClientId", List.of(registeredId(TestIdentityProvider.POINTS))));

    LogoutTokenClaimsSet claims =
        verified(awaitFor("/points", pairwiseSub), TestIdentityProvider.POINTS, JWSAlgorithm.RS256);
    assertThat(claims.getSubject().getValue()).isEqualTo(pairwiseSub);
    assertThat(claims.getSessionID()).as("every session of the resident at the service").isNull();
  }

  @Test
  void deactivationWhenResidentUsedPortalThenOneLogoutTokenPerService() throws Exception {
    AtPortal portal = residentOnAccountPage();
    TestResident resident = portal.resident();
    String sub = portal.sub();

    resident.browser().postForm("/account/deactivate", Map.of("confirm", List.of("yes")));

    verified(awaitFor("/portal", sub), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    // The portal's ID token sub is the Ishikawa ID (public subject type).
    assertThat(outbox(sub)).hasSize(1);
  }

  @Test
  void deliveryWhenServiceDownForAWhileThenRetriedWithBackoffUntilDelivered() throws Exception {
    AtPortal portal = residentOnAccountPage();
    TestResident resident = portal.resident();
    String sub = portal.sub();
    receiver.failNext(2);

    HttpResponse<String> signedOut = resident.browser().postForm("/logout", Map.of());

    assertThat(Browser.location(signedOut).toString()).endsWith("/login?logout");
    verified(awaitFor("/portal", sub), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    Map<String, Object> row = outbox(sub).getFirst();
    assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
    assertThat(row.get("delivered_at")).isNotNull();
    assertThat(row.get("last_error")).isNull();
  }

  @Test
  void deliveryWhenNodeRestartsBeforeDeliveryThenTheNextNodeDeliversIt() throws Exception {
    AtPortal portal = residentOnAccountPage();
    TestResident resident = portal.resident();
    String sub = portal.sub();
    receiver.down(true);
    try {
      resident.browser().postForm("/logout", Map.of());
      assertThat(outbox(sub)).hasSize(1);

      idp.restart();
    } finally {
      receiver.down(false);
    }

    verified(awaitFor("/portal", sub), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    assertThat(outbox(sub).getFirst().get("delivered_at")).isNotNull();
  }

  @Test
  void deliveryWhenNodeStopsMidDeliveryThenItFinishesTheDeliveryBeforeItEnds() throws Exception {
    AtPortal portal = residentOnAccountPage();
    TestResident resident = portal.resident();
    String sub = portal.sub();
    receiver.hold(Duration.ofSeconds(1));
    try {
      logOutAndAwaitTheDelivery(resident);

      idp.restart();
    } finally {
      receiver.hold(Duration.ZERO);
    }

    // No waiting: the stopped node recorded its delivery before it ended.
    assertThat(outbox(sub).getFirst().get("delivered_at")).isNotNull();
    verified(awaitFor("/portal", sub), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
  }

  @Test
  void deliveryWhenNodeStopsWhileTheServiceHangsThenTheRowIsDueAgainNotHeldByTheStoppedNode()
      throws Exception {
    AtPortal portal = residentOnAccountPage();
    TestResident resident = portal.resident();
    String sub = portal.sub();
    receiver.hold(DELIVERY_TIMEOUT.multipliedBy(3));
    try {
      logOutAndAwaitTheDelivery(resident);

      // What Spring calls when the node stops; checked before the next node starts and claims it.
      idp.bean(BackchannelLogoutDelivery.class).close();
      Map<String, Object> row = outbox(sub).getFirst();
      assertThat(row.get("delivered_at")).isNull();
      assertThat(row.get("last_error")).isEqualTo("io_HttpTimeoutException");
      assertThat(instant(row.get("next_attempt_at")))
          .as("due within the backoff (at most 1 s), not held for the 2-minute claim")
          .isBefore(Instant.now().plusSeconds(5));
    } finally {
      receiver.hold(Duration.ZERO);
    }
    idp.restart();

    verified(awaitFor("/portal", sub), TestIdentityProvider.PORTAL, JWSAlgorithm.ES256);
    Instant deadline = Instant.now().plus(WITHIN);
    while (outbox(sub).getFirst().get("delivered_at") == null && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(outbox(sub).getFirst().get("delivered_at"))
        .as("sent again and answered")
        .isNotNull();
  }

  /** A timestamp column as PostgreSQL's driver ({@link Timestamp}) or H2's gives it. */
  private static Instant instant(Object column) {
    return column instanceof OffsetDateTime time
        ? time.toInstant()
        : ((Timestamp) column).toInstant();
  }

  /** Logs {@code resident} out and waits until the delivery of that logout reaches the service. */
  private void logOutAndAwaitTheDelivery(TestResident resident) throws Exception {
    int before = receiver.requests();
    resident.browser().postForm("/logout", Map.of());
    for (int i = 0; i < 200 && receiver.requests() == before; i++) {
      Thread.sleep(50);
    }
    assertThat(receiver.requests()).as("a delivery in flight").isGreaterThan(before);
  }
}
