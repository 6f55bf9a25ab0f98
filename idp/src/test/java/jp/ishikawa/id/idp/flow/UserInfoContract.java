package jp.ishikawa.id.idp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The userinfo endpoint per OIDC Core §5.3 and RFC 6750: GET and POST, the token in the {@code
 * Authorization} header or (POST) an {@code access_token} form field; refusals with {@code
 * WWW-Authenticate}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UserInfoContract {

  private final HttpClient http = HttpClient.newHttpClient();
  private URI userInfo;
  private URI jwks;
  private String accessToken;

  protected abstract TestIdentityProvider.Storage storage();

  @BeforeAll
  void signIn() throws Exception {
    TestIdentityProvider idp = SharedIdentityProviders.get(storage());
    OIDCProviderMetadata metadata = OidcRelyingParty.discover(idp.issuer());
    userInfo = metadata.getUserInfoEndpointURI();
    jwks = metadata.getJWKSetURI();
    OidcRelyingParty portal = OidcRelyingParty.portal(metadata);
    accessToken =
        OidcEndToEndContractSupport.newResidentSignsIn(idp, portal, "情報　")
            .getBearerAccessToken()
            .getValue();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, BodyHandlers.ofString());
  }

  private HttpRequest.Builder request() {
    return HttpRequest.newBuilder(userInfo).header("Accept", "application/json");
  }

  private static HttpRequest.BodyPublisher form(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private static String name(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (String) Browser.json(response).get("name");
  }

  @Test
  void userInfoWhenGetWithHeaderThenClaims() throws Exception {
    HttpResponse<String> response =
        send(request().header("Authorization", "Bearer " + accessToken).GET().build());

    assertThat(name(response)).startsWith("情報");
  }

  @Test
  void userInfoWhenPostWithHeaderThenClaims() throws Exception {
    HttpResponse<String> response =
        send(
            request()
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(name(response)).startsWith("情報");
  }

  @Test
  void userInfoWhenPostWithTokenInFormBodyThenClaims() throws Exception {
    HttpResponse<String> response =
        send(
            request()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form("access_token=" + accessToken))
                .build());

    assertThat(name(response)).startsWith("情報");
  }

  @Test
  void userInfoWhenNoTokenThenUnauthorizedWithBearerChallenge() throws Exception {
    HttpResponse<String> response = send(request().GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
  }

  @Test
  void userInfoWhenNoTokenAndAnyMediaTypeThenUnauthorizedNotLoginPage() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(userInfo).header("Accept", "*/*").GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
  }

  @Test
  void userInfoWhenTokenForgedThenInvalidTokenChallenge() throws Exception {
    HttpResponse<String> response =
        send(request().header("Authorization", "Bearer " + accessToken + "x").GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
  }

  /** The access token's signature: every way to get it wrong is {@code invalid_token}. */
  private void assertInvalidToken(String token) throws Exception {
    HttpResponse<String> response =
        send(request().header("Authorization", "Bearer " + token).GET().build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
    assertThat(response.body()).doesNotContain("情報");
  }

  private String[] parts() {
    return accessToken.split("\\.");
  }

  private static String base64(byte[] bytes) {
    return Base64URL.encode(bytes).toString();
  }

  @Test
  void userInfoWhenSignatureByteChangedThenInvalidToken() throws Exception {
    String[] parts = parts();
    byte[] signature = new Base64URL(parts[2]).decode();
    signature[10] ^= 0x01;

    assertInvalidToken(parts[0] + "." + parts[1] + "." + base64(signature));
  }

  @Test
  void userInfoWhenClaimsChangedUnderTheSameSignatureThenInvalidToken() throws Exception {
    String[] parts = parts();
    JWTClaimsSet claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
    JWTClaimsSet other =
        new JWTClaimsSet.Builder(claims).subject(claims.getSubject() + "x").build();

    assertInvalidToken(parts[0] + "." + other.toPayload().toBase64URL() + "." + parts[2]);
  }

  @Test
  void userInfoWhenSignedByAnotherKeyUnderOurKidThenInvalidToken() throws Exception {
    SignedJWT ours = SignedJWT.parse(accessToken);
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID(ours.getHeader().getKeyID()).generate();
    SignedJWT forged = new SignedJWT(ours.getHeader(), ours.getJWTClaimsSet());
    forged.sign(new ECDSASigner(other));

    assertInvalidToken(forged.serialize());
  }

  @Test
  void userInfoWhenSignatureAllZeroThenInvalidToken() throws Exception {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
    String[] parts = parts();

    assertInvalidToken(parts[0] + "." + parts[1] + "." + base64(new byte[64]));
  }

  @Test
  void userInfoWhenUnsignedThenInvalidToken() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(accessToken).getJWTClaimsSet();

    assertInvalidToken(new PlainJWT(claims).serialize());
  }

  @Test
  void userInfoWhenSignatureMalleatedThenInvalidToken() throws Exception {
    // (r, n - s) is a second valid ECDSA signature of the same bytes: the signature check passes,
    // and the token is still refused because the IdP never issued that string (it looks the
    // access token up by its hash).
    String[] parts = parts();
    byte[] signature = new Base64URL(parts[2]).decode();
    BigInteger order = Curve.P_256.toECParameterSpec().getOrder();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    byte[] malleated = Arrays.copyOf(signature, 64);
    byte[] negated = order.subtract(s).toByteArray();
    Arrays.fill(malleated, 32, 64, (byte) 0);
    int length = Math.min(negated.length, 32);
    System.arraycopy(negated, negated.length - length, malleated, 64 - length, length);
    String token = parts[0] + "." + parts[1] + "." + base64(malleated);
    JWK key =
        JWKSet.load(jwks.toURL())
            .getKeyByKeyId(SignedJWT.parse(accessToken).getHeader().getKeyID());
    assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(key.toECKey())))
        .as("the malleated signature verifies")
        .isTrue();

    assertInvalidToken(token);
  }

  @Test
  void userInfoWhenTokenInHeaderAndBodyThenInvalidRequest() throws Exception {
    HttpResponse<String> response =
        send(
            request()
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form("access_token=" + accessToken))
                .build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .anySatisfy(challenge -> assertThat(challenge).contains("error=\"invalid_request\""));
  }

  @Test
  void userInfoWhenTokenInQueryThenNotAccepted() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(userInfo + "?access_token=" + accessToken))
                .header("Accept", "application/json")
                .GET()
                .build());

    assertThat(response.statusCode()).isIn(400, 401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(response.body()).doesNotContain("情報");
  }
}
