package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.client.CachedRegisteredClientRepository;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.SigningKeyStore;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signing keys of the management API (issue 9): staff list them, an admin with a fresh card tap
 * rotates them; the new keys are published at once and sign only after the publication delay, and
 * tokens signed before the rotation still verify against the JWKS afterwards. Every attack is
 * refused and audited: a resident, an auditor rotating, a stale login, another audience, no token.
 * The rotation runs last: it moves the clock and leaves new keys behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AdminKeysApiContract {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ROTATE = "/api/admin/keys/rotate";
  private static final String KEYS = "/api/admin/keys";

  private final HttpClient http = HttpClient.newHttpClient();
  private TestIdentityProvider idp;
  private JdbcClient jdbc;
  private OIDCTokens admin;
  private OIDCTokens auditor;
  private OIDCTokens resident;
  private OIDCTokens portal;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = TestIdentityProvider.start(storage(), new HashMap<>(ManagementLogin.clientSettings(6)));
    jdbc = idp.bean(JdbcClient.class);
    TestResident staff = newResident("鍵管理");
    admin = ManagementLogin.tokens(idp, staff);
    idp.bean(StaffProperties.class).getAdmins().add(subject(admin));
    auditor = ManagementLogin.tokens(idp, newResident("鍵監査"));
    idp.bean(StaffProperties.class).getAuditors().add(subject(auditor));
    TestResident someone = newResident("鍵住民");
    portal = PortalLogin.tokens(idp, someone);
    resident = ManagementLogin.tokens(idp, someone);
  }

  @AfterAll
  void stop() {
    idp.close();
  }

  private TestResident newResident(String name) {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName(name + "　" + System.nanoTime())));
  }

  private static String subject(OIDCTokens tokens) throws Exception {
    return tokens.getIDToken().getJWTClaimsSet().getSubject();
  }

  private static String bearer(OIDCTokens tokens) {
    return tokens.getAccessToken().getValue();
  }

  private HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(idp.issuer().resolve(path))
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> keys(OIDCTokens caller) throws Exception {
    HttpResponse<String> response = call("GET", KEYS, bearer(caller));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> keys = new ArrayList<>();
    JSON.readTree(response.body()).forEach(keys::add);
    return keys;
  }

  private static JsonNode key(List<JsonNode> keys, String kid) {
    return keys.stream()
        .filter(k -> k.get("kid").asString().equals(kid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no key " + kid + " in " + keys));
  }

  private JWKSet jwks() throws Exception {
    HttpResponse<String> response = call("GET", "/oauth2/jwks", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return JWKSet.parse(response.body());
  }

  private long events(String type, String reason, String detail) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM audit_event WHERE event_type = ?"
                + " AND COALESCE(reason_code, '') = ? AND detail LIKE ?")
        .params(type, reason == null ? "" : reason, detail)
        .query(Long.class)
        .single();
  }

  private long nextKeys() {
    return keys().stream().filter(k -> k.status().equals(SigningKeyStore.NEXT)).count();
  }

  private List<SigningKeyStore.KeyInfo> keys() {
    return idp.bean(SigningKeyStore.class).describe();
  }

  /** The refusal: status, challenge, problem code, and one more audit event for the path. */
  private void assertRefused(
      HttpResponse<String> response, int status, String error, String code, String reason)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    if (error == null) {
      assertThat(challenge).doesNotContain("error=");
    } else {
      assertThat(challenge).contains("error=\"" + error + "\"");
    }
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(code);
  }

  private void assertRefusedAndAudited(
      String method,
      String path,
      String token,
      int status,
      String error,
      String code,
      String reason)
      throws Exception {
    String where = method + " " + path;
    long before = events(ManagementApiRefusals.EVENT, reason, where);

    assertRefused(call(method, path, token), status, error, code, reason);

    assertThat(events(ManagementApiRefusals.EVENT, reason, where)).isEqualTo(before + 1);
  }

  // --- the key list ---

  @Test
  @Order(1)
  void keysWhenAuditorThenOneActiveKeyPerAlgorithmAndNoKeyMaterial() throws Exception {
    HttpResponse<String> response = call("GET", KEYS, bearer(auditor));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> keys = new ArrayList<>();
    JSON.readTree(response.body()).forEach(keys::add);
    for (String algorithm : List.of("ES256", "RS256")) {
      assertThat(keys)
          .filteredOn(k -> k.get("algorithm").asString().equals(algorithm))
          .filteredOn(k -> k.get("status").asString().equals("active"))
          .hasSize(1);
    }
    assertThat(new ArrayList<>(keys.getFirst().propertyNames()))
        .containsExactly(
            "kid", "algorithm", "status", "createdAt", "signsFrom", "retiredAt", "publishedUntil");
    // The published kids are the listed ones; no private or public key member is written.
    assertThat(keys)
        .extracting(k -> k.get("kid").asString())
        .containsExactlyInAnyOrderElementsOf(jwks().getKeys().stream().map(JWK::getKeyID).toList());
    assertThat(response.body()).doesNotContain("\"d\"", "\"x\"", "\"n\"", "PRIVATE");
  }

  @Test
  @Order(2)
  void keysWhenAdminThenListed() throws Exception {
    assertThat(keys(admin)).isNotEmpty();
  }

  @Test
  @Order(3)
  void overlapWhenComparedWithEveryTokenLifetimeThenOutlivesThem() throws Exception {
    // A retired key stays published for OVERLAP after a newer key took over; a node may still
    // sign with it for one refresh interval after that (plus a minute of clock skew); the tokens
    // it signs live at most: the ID tokens and access tokens issued here (measured), every
    // client's access token lifetime, logout tokens (2 minutes). Refresh tokens are opaque.
    Duration refresh = idp.bean(IshikawaIdProperties.class).getSigningKeyRefreshInterval();
    List<Duration> lifetimes = new ArrayList<>();
    lifetimes.add(Duration.ofMinutes(2));
    for (String jwt :
        List.of(
            portal.getIDToken().serialize(),
            bearer(portal),
            admin.getIDToken().serialize(),
            bearer(admin))) {
      JWTClaimsSet claims = SignedJWT.parse(jwt).getJWTClaimsSet();
      lifetimes.add(
          Duration.between(
              claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
    }
    for (RegisteredClient client : idp.bean(CachedRegisteredClientRepository.class).all()) {
      lifetimes.add(client.getTokenSettings().getAccessTokenTimeToLive());
    }
    Duration longest = lifetimes.stream().max(Duration::compareTo).orElseThrow();

    assertThat(longest).isGreaterThanOrEqualTo(Duration.ofMinutes(30)); // the ID tokens
    assertThat(longest.plus(refresh).plus(Duration.ofMinutes(1)))
        .isLessThan(SigningKeyStore.OVERLAP);
  }

  // --- attacks, one per refusal ---

  @Test
  @Order(10)
  void keysWhenResidentThen403AndAudited() throws Exception {
    assertRefusedAndAudited(
        "GET",
        KEYS,
        bearer(resident),
        403,
        "insufficient_scope",
        "insufficient_role",
        "insufficient_role");
  }

  @Test
  @Order(11)
  void rotateWhenResidentThen403NothingRotatedAndAudited() throws Exception {
    long next = nextKeys();

    assertRefusedAndAudited(
        "POST",
        ROTATE,
        bearer(resident),
        403,
        "insufficient_scope",
        "insufficient_role",
        "insufficient_role");

    assertThat(nextKeys()).isEqualTo(next);
  }

  @Test
  @Order(12)
  void rotateWhenAuditorThen403NothingRotatedAndAudited() throws Exception {
    long next = nextKeys();

    assertRefusedAndAudited(
        "POST",
        ROTATE,
        bearer(auditor),
        403,
        "insufficient_scope",
        "insufficient_role",
        "insufficient_role");

    assertThat(nextKeys()).isEqualTo(next);
  }

  @Test
  @Order(13)
  void rotateWhenTheCardTapIsNotFreshThen401StepUpNothingRotatedAndAudited() throws Exception {
    long next = nextKeys();
    // Six minutes later on the IdP's clock: the admin's token is still valid (10 minutes), its
    // card tap no longer fresh (5 minutes).
    idp.clock().advance(Duration.ofMinutes(6));
    try {
      assertRefusedAndAudited(
          "POST",
          ROTATE,
          bearer(admin),
          401,
          "insufficient_user_authentication",
          FreshCardTap.CODE,
          FreshCardTap.REASON);
      HttpResponse<String> again = call("POST", ROTATE, bearer(admin));
      assertThat(again.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("acr_values=\"urn:ishikawa-id:acr:jpki\"")
          .contains("max_age=300");
    } finally {
      idp.clock().reset();
    }

    assertThat(nextKeys()).isEqualTo(next);
  }

  @Test
  @Order(14)
  void rotateWhenTokenIsForAnotherAudienceThen401NothingRotatedAndAudited() throws Exception {
    long next = nextKeys();

    assertRefusedAndAudited(
        "POST", ROTATE, bearer(portal), 401, "invalid_token", "invalid_token", "invalid_token");

    assertThat(nextKeys()).isEqualTo(next);
  }

  @Test
  @Order(15)
  void rotateWhenNoTokenThen401AndAudited() throws Exception {
    assertRefusedAndAudited("POST", ROTATE, null, 401, null, "no_token", "no_token");
  }

  // --- the rotation itself (last: it moves the clock and leaves new keys) ---

  @Test
  @Order(100)
  void rotateWhenAdminWithFreshTapThenPublishedAtOnceSignsAfterTheDelayAndOldTokensStillVerify()
      throws Exception {
    SigningKeyStore store = idp.bean(SigningKeyStore.class);
    TestResident before = newResident("回転前");
    OIDCTokens signedBefore = PortalLogin.tokens(idp, before);
    String oldKid = kid(signedBefore.getIDToken().serialize());
    assertThat(kid(signedBefore.getAccessToken().getValue())).isEqualTo(oldKid);
    long audited = events(AdminKeysController.ROTATED_EVENT, null, "by " + subject(admin) + "%");
    Instant rotatedAt = Instant.now();

    HttpResponse<String> response = call("POST", ROTATE, bearer(admin));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    List<JsonNode> rotated = new ArrayList<>();
    JSON.readTree(response.body()).forEach(rotated::add);
    assertThat(rotated)
        .extracting(k -> k.get("algorithm").asString())
        .containsExactly("ES256", "RS256");
    assertThat(rotated).allSatisfy(k -> assertThat(k.get("status").asString()).isEqualTo("next"));
    Duration delay = idp.bean(IshikawaIdProperties.class).getSigningKeyPublicationDelay();
    for (JsonNode key : rotated) {
      assertThat(Instant.parse(key.get("signsFrom").asString()))
          .isAfterOrEqualTo(rotatedAt.plus(delay).minusSeconds(1));
    }
    String newEs256 = rotated.get(0).get("kid").asString();
    String newRs256 = rotated.get(1).get("kid").asString();
    // Audited with the kids only.
    assertThat(events(AdminKeysController.ROTATED_EVENT, null, "by " + subject(admin) + "%"))
        .isEqualTo(audited + 1);
    String detail =
        jdbc.sql("SELECT detail FROM audit_event WHERE event_type = ? ORDER BY seq DESC LIMIT 1")
            .param(AdminKeysController.ROTATED_EVENT)
            .query(String.class)
            .single();
    assertThat(detail).contains(newEs256, newRs256).doesNotContain("{", "\"d\"");
    // Published at once, listed as next; the old keys still active and signing.
    assertThat(jwks().getKeys()).extracting(JWK::getKeyID).contains(oldKid, newEs256, newRs256);
    assertThat(key(keys(auditor), newEs256).get("status").asString()).isEqualTo("next");
    assertThat(key(keys(auditor), oldKid).get("status").asString()).isEqualTo("active");
    OIDCTokens duringDelay = PortalLogin.tokens(idp, newResident("遅延中"));
    assertThat(kid(duringDelay.getIDToken().serialize())).isEqualTo(oldKid);

    try {
      idp.clock().advance(delay.plusSeconds(1));
      store.reload(); // what every node's refresh does within the refresh interval

      OIDCTokens after = PortalLogin.tokens(idp, newResident("回転後"));
      assertThat(kid(after.getIDToken().serialize())).isEqualTo(newEs256);
      assertThat(kid(after.getAccessToken().getValue())).isEqualTo(newEs256);
      assertThat(store.signingKeys().getKeys())
          .extracting(JWK::getKeyID)
          .containsExactlyInAnyOrder(newEs256, newRs256);
      List<JsonNode> listed = keys(auditor);
      assertThat(key(listed, newEs256).get("status").asString()).isEqualTo("active");
      JsonNode old = key(listed, oldKid);
      assertThat(old.get("status").asString()).isEqualTo("retired");
      assertThat(Instant.parse(old.get("publishedUntil").asString()))
          .isEqualTo(Instant.parse(old.get("retiredAt").asString()).plus(SigningKeyStore.OVERLAP));

      // Tokens signed before the rotation still verify against the JWKS, with Nimbus.
      JWKSet published = jwks();
      assertThat(published.getKeys()).extracting(JWK::getKeyID).contains(oldKid, newEs256);
      assertThat(verify(signedBefore.getIDToken().serialize(), published).getSubject())
          .isEqualTo(subject(signedBefore));
      assertThat(verify(signedBefore.getAccessToken().getValue(), published).getSubject())
          .isEqualTo(subject(signedBefore));
      assertThat(verify(after.getIDToken().serialize(), published).getSubject())
          .isEqualTo(subject(after));
      // The refresh token of before the rotation still works, and its new ID token is signed by
      // the new key.
      OIDCTokens refreshed = refresh(signedBefore);
      assertThat(kid(refreshed.getIDToken().serialize())).isEqualTo(newEs256);
      assertThat(verify(refreshed.getIDToken().serialize(), published).getSubject())
          .isEqualTo(subject(signedBefore));
    } finally {
      idp.clock().reset();
      store.reload();
    }
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  /** Verifies a JWT's ES256 signature against a JWK set and returns its claims. */
  private static JWTClaimsSet verify(String jwt, JWKSet jwks) throws Exception {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier((type, context) -> {});
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)));
    return processor.process(jwt, null);
  }

  private OIDCTokens refresh(OIDCTokens tokens) throws Exception {
    OIDCProviderMetadata metadata =
        OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(idp.issuer()));
    TokenResponse response =
        OIDCTokenResponseParser.parse(
            new TokenRequest.Builder(
                    metadata.getTokenEndpointURI(),
                    PortalLogin.portalAuthentication(),
                    new RefreshTokenGrant(tokens.getRefreshToken()))
                .build()
                .toHTTPRequest()
                .send());
    assertThat(response.indicatesSuccess()).as(String.valueOf(response)).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }
}
