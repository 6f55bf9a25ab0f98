package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.testing.PortalLogin;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.token.ExpiredAuthorizations;
import jp.ishikawa.id.idp.token.ExpiredRotatedRefreshTokens;
import jp.ishikawa.id.idp.token.HashedTokenAuthorizationService;
import jp.ishikawa.id.idp.token.ResidentAuthorizations;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the database holds of issued tokens (issue 7, items 13 and 8): no value a dump could replay,
 * and a rotated refresh token presented again revokes everything it belonged to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoredTokensContract {

  private TestIdentityProvider idp;
  private OIDCProviderMetadata metadata;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void start() throws Exception {
    idp = SharedIdentityProviders.get(storage());
    metadata = OidcRelyingParty.discover(idp.issuer());
  }

  private TestResident newResident() {
    return new TestResident(
        idp.issuer(),
        TestCards.issue(idp.pki(), TestFacts.defaults().withName("保管　" + System.nanoTime())));
  }

  private OIDCTokens portalTokens() throws Exception {
    return PortalLogin.tokens(idp, newResident());
  }

  private TokenResponse refresh(RefreshToken token) throws Exception {
    return OIDCTokenResponseParser.parse(
        new TokenRequest.Builder(
                metadata.getTokenEndpointURI(),
                PortalLogin.portalAuthentication(),
                new RefreshTokenGrant(token))
            .build()
            .toHTTPRequest()
            .send());
  }

  private static OIDCTokens success(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  private static void assertInvalidGrant(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    assertThat(((TokenErrorResponse) response).getErrorObject().getCode())
        .isEqualTo("invalid_grant");
  }

  private int userInfoStatus(BearerAccessToken token) throws Exception {
    HTTPResponse response =
        new UserInfoRequest(metadata.getUserInfoEndpointURI(), token).toHTTPRequest().send();
    return response.getStatusCode();
  }

  /** The stored row holding this refresh token, looked up the way the server does. */
  private Map<String, Object> storedRow(RefreshToken token) {
    return idp.bean(JdbcClient.class)
        .sql("SELECT * FROM oauth2_authorization WHERE refresh_token_value = ?")
        .param(HashedTokenAuthorizationService.hash(token.getValue()))
        .query()
        .singleRow();
  }

  @Test
  void storedAuthorizationWhenTokensIssuedThenNoTokenValueInClear() throws Exception {
    OIDCTokens tokens = portalTokens();

    Map<String, Object> row = storedRow(tokens.getRefreshToken());

    List<String> secrets =
        List.of(
            tokens.getAccessToken().getValue(),
            tokens.getRefreshToken().getValue(),
            tokens.getIDTokenString());
    for (Object column : row.values()) {
      for (String secret : secrets) {
        assertThat(String.valueOf(column)).doesNotContain(secret);
      }
    }
    assertThat(row.get("access_token_value"))
        .isEqualTo(HashedTokenAuthorizationService.hash(tokens.getAccessToken().getValue()));
  }

  @Test
  void refreshWhenStoredValueFromADumpIsPresentedThenInvalidGrant() throws Exception {
    OIDCTokens tokens = portalTokens();
    String dumped = (String) storedRow(tokens.getRefreshToken()).get("refresh_token_value");

    assertInvalidGrant(refresh(new RefreshToken(dumped)));
  }

  @Test
  void userInfoWhenStoredAccessTokenValueFromADumpIsPresentedThenUnauthorized() throws Exception {
    OIDCTokens tokens = portalTokens();
    String dumped = (String) storedRow(tokens.getRefreshToken()).get("access_token_value");

    assertThat(userInfoStatus(new BearerAccessToken(dumped))).isEqualTo(401);
    assertThat(userInfoStatus(tokens.getBearerAccessToken())).isEqualTo(200);
  }

  @Test
  void refreshWhenRotatedTokenIsPresentedAgainThenWholeAuthorizationRevokedAndAudited()
      throws Exception {
    OIDCTokens first = portalTokens();
    OIDCTokens second = success(refresh(first.getRefreshToken()));
    assertThat(userInfoStatus(second.getBearerAccessToken())).isEqualTo(200);

    // The first refresh token was rotated away: whoever presents it now holds a copy.
    assertInvalidGrant(refresh(first.getRefreshToken()));

    assertInvalidGrant(refresh(second.getRefreshToken()));
    assertThat(userInfoStatus(second.getBearerAccessToken())).isEqualTo(401);
    assertThat(idp.bean(AuditLog.class).recent(20))
        .anySatisfy(
            event -> {
              assertThat(event.type()).isEqualTo("token.refresh_reuse");
              assertThat(event.clientId()).isEqualTo(TestIdentityProvider.PORTAL);
            });
  }

  private long rotatedRows(String where, Object... params) {
    return idp.bean(JdbcClient.class)
        .sql("SELECT COUNT(*) FROM oauth2_rotated_refresh_token WHERE " + where)
        .params(params)
        .query(Long.class)
        .single();
  }

  @Test
  void sweepWhenRotatedHashesExpiredThenOnlyTheyAreDeletedAndReuseIsStillDetected()
      throws Exception {
    OIDCTokens first = portalTokens();
    OIDCTokens second = success(refresh(first.getRefreshToken()));
    String firstHash = HashedTokenAuthorizationService.hash(first.getRefreshToken().getValue());
    assertThat(rotatedRows("token_hash = ?", firstHash)).isOne();
    // Expired hashes, from an authorization long gone.
    String marker = "sha256:expired-" + System.nanoTime() + "-";
    Timestamp past = Timestamp.from(Instant.now().minus(Duration.ofDays(1)));
    List<Object[]> expired = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      expired.add(new Object[] {marker + i, "gone", past});
    }
    idp.bean(JdbcOperations.class)
        .batchUpdate(
            "INSERT INTO oauth2_rotated_refresh_token (token_hash, authorization_id, expires_at)"
                + " VALUES (?, ?, ?)",
            expired);

    int deleted = idp.bean(ExpiredRotatedRefreshTokens.class).sweep();

    assertThat(deleted).isGreaterThanOrEqualTo(1_000);
    assertThat(rotatedRows("token_hash LIKE ?", marker + "%")).isZero();
    assertThat(rotatedRows("token_hash = ?", firstHash)).isOne();
    // The live hash kept its meaning: the rotated token presented again revokes everything.
    assertInvalidGrant(refresh(first.getRefreshToken()));
    assertInvalidGrant(refresh(second.getRefreshToken()));
  }

  /**
   * Stores an authorization row as a past login left it, with the columns the sweep reads: a code,
   * and when {@code accessIssuedAt} is given an access and a refresh token; every one of them
   * expired at {@code lastExpiry}. Returns its id.
   */
  private String pastAuthorization(
      String principal, String registeredClientId, Instant accessIssuedAt, Instant lastExpiry) {
    String id = "past-" + System.nanoTime();
    Timestamp expiry = Timestamp.from(lastExpiry);
    Timestamp issued = accessIssuedAt == null ? null : Timestamp.from(accessIssuedAt);
    idp.bean(JdbcClient.class)
        .sql(
            "INSERT INTO oauth2_authorization (id, registered_client_id, principal_name,"
                + " authorization_grant_type, authorization_code_value,"
                + " authorization_code_expires_at, access_token_value, access_token_issued_at,"
                + " access_token_expires_at, refresh_token_value, refresh_token_expires_at)"
                + " VALUES (?, ?, ?, 'authorization_code', ?, ?, ?, ?, ?, ?, ?)")
        .params(
            id,
            registeredClientId,
            principal,
            "sha256:code-" + id,
            expiry,
            issued == null ? null : "sha256:access-" + id,
            issued,
            issued == null ? null : expiry,
            issued == null ? null : "sha256:refresh-" + id,
            issued == null ? null : expiry)
        .update();
    return id;
  }

  private List<String> authorizationIds(String principal) {
    return idp.bean(JdbcClient.class)
        .sql("SELECT id FROM oauth2_authorization WHERE principal_name = ?")
        .param(principal)
        .query(String.class)
        .list();
  }

  @Test
  void sweepWhenEveryTokenExpiredLongerAgoThanTheRetentionThenDeletedButEachServicesNewestKept()
      throws Exception {
    OIDCTokens live = portalTokens();
    Map<String, Object> liveRow = storedRow(live.getRefreshToken());
    String resident = (String) liveRow.get("principal_name");
    String portal = (String) liveRow.get("registered_client_id");
    String other = "other-service-" + System.nanoTime();
    Instant now = Instant.now();
    Instant longAgo = now.minus(Duration.ofDays(3));
    // Past the 1-day retention, and the portal has a newer access token: deleted.
    String olderLogin =
        pastAuthorization(resident, portal, now.minus(Duration.ofDays(40)), longAgo);
    String codeNeverRedeemed = pastAuthorization(resident, portal, null, longAgo);
    // Its refresh token expired an hour ago, within the retention: kept.
    String recentlyExpired =
        pastAuthorization(resident, portal, now.minus(Duration.ofDays(30)), now.minusSeconds(3600));
    // Another service last used long ago: its newest row keeps its last use; the older goes.
    String otherNewest =
        pastAuthorization(
            resident, other, now.minus(Duration.ofDays(50)), now.minus(Duration.ofDays(20)));
    String otherOlder =
        pastAuthorization(
            resident, other, now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30)));
    // Abandoned codes of many residents.
    for (int i = 0; i < 600; i++) {
      pastAuthorization("abandoned-" + i + "-" + System.nanoTime(), portal, null, longAgo);
    }
    Map<String, Instant> lastUse =
        idp.bean(ResidentAuthorizations.class).lastTokenIssuedAt(resident);

    int deleted = idp.bean(ExpiredAuthorizations.class).sweep();

    assertThat(deleted).isGreaterThanOrEqualTo(603);
    assertThat(authorizationIds(resident))
        .contains((String) liveRow.get("id"), recentlyExpired, otherNewest)
        .doesNotContain(olderLogin, codeNeverRedeemed, otherOlder);
    assertThat(
            idp.bean(JdbcClient.class)
                .sql("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name LIKE ?")
                .param("abandoned-%")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(idp.bean(ResidentAuthorizations.class).lastTokenIssuedAt(resident))
        .isEqualTo(lastUse)
        .containsKeys(portal, other);
    assertThat(userInfoStatus(live.getBearerAccessToken())).isEqualTo(200);
    assertThat(refresh(live.getRefreshToken()).indicatesSuccess()).isTrue();
  }

  /** Sends {@code request} from {@code racers} threads released at the same instant. */
  private static List<TokenResponse> atOnce(int racers, Callable<TokenResponse> request)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(racers);
    try (ExecutorService threads = Executors.newFixedThreadPool(racers)) {
      List<Future<TokenResponse>> answers = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        answers.add(
            threads.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return request.call();
                }));
      }
      List<TokenResponse> responses = new ArrayList<>();
      for (Future<TokenResponse> answer : answers) {
        responses.add(answer.get(60, TimeUnit.SECONDS));
      }
      return responses;
    }
  }

  /**
   * At most one of {@code responses} was answered with tokens, every other one is {@code
   * invalid_grant}, and the tokens of the one answered no longer work: the token was used twice, so
   * whatever came of it is revoked.
   */
  private void assertAtMostOneAnsweredAndItsTokensRevoked(List<TokenResponse> responses)
      throws Exception {
    List<OIDCTokens> answered =
        responses.stream().filter(TokenResponse::indicatesSuccess).map(r -> success(r)).toList();
    assertThat(answered).as("requests answered with tokens").hasSizeLessThanOrEqualTo(1);
    responses.stream()
        .filter(response -> !response.indicatesSuccess())
        .forEach(StoredTokensContract::assertInvalidGrant);
    for (OIDCTokens tokens : answered) {
      assertThat(userInfoStatus(tokens.getBearerAccessToken())).isEqualTo(401);
      assertInvalidGrant(refresh(tokens.getRefreshToken()));
    }
  }

  @Test
  void refreshWhenTheSameTokenIsPresentedAtOnceThenAtMostOneAnsweredAndTheAuthorizationRevoked()
      throws Exception {
    OIDCTokens first = portalTokens();

    List<TokenResponse> responses = atOnce(6, () -> refresh(first.getRefreshToken()));

    assertAtMostOneAnsweredAndItsTokensRevoked(responses);
    assertThat(userInfoStatus(first.getBearerAccessToken())).isEqualTo(401);
  }

  @Test
  void codeWhenRedeemedTwiceAtOnceThenAtMostOneAnsweredAndTheAuthorizationRevoked()
      throws Exception {
    PortalLogin.Code code = PortalLogin.code(idp, newResident());

    List<TokenResponse> responses = atOnce(6, code::redeem);

    assertAtMostOneAnsweredAndItsTokensRevoked(responses);
  }
}
