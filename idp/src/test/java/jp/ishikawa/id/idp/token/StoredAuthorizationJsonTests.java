package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of an authorization's attributes and token metadata: what a resident's
 * authorization holds comes back equal and of the same types, in our form; anything else is kept in
 * Spring's form; rows in Spring's form still read; and a stored value this form does not know is
 * refused, one test per way it can be wrong.
 */
class StoredAuthorizationJsonTests {

  private static final Instant LOGIN = Instant.parse("2026-12-02T09:15:30.123Z");

  private final StoredAuthorizationJson json = new StoredAuthorizationJson();

  /** Spring's own mapper for these columns, as JdbcOAuth2AuthorizationService builds it. */
  private final JsonMapper spring =
      JsonMapper.builder()
          .addModules(SecurityJacksonModules.getModules(getClass().getClassLoader()))
          .build();

  private static Authentication residentLogin() {
    return new ResidentAuthentication(
            "ISK-0001",
            LOGIN,
            AuthenticationContextClass.JPKI,
            List.of("hwk", "pin"),
            LoginMethod.CARD)
        .toAuthentication();
  }

  private static OAuth2AuthorizationRequest codeRequest() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("nonce", "n-0S6_WzA2Mj");
    parameters.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    parameters.put("code_challenge_method", "S256");
    parameters.put("claims", "{\"id_token\":{\"name\":null}}");
    parameters.put("acr_values", new String[] {"urn:a", "urn:b"});
    return OAuth2AuthorizationRequest.authorizationCode()
        .authorizationUri("https://id.example.jp/oauth2/authorize")
        .clientId("portal")
        .redirectUri("https://portal.example.jp/callback")
        .scopes(new LinkedHashSet<>(List.of("openid", "profile")))
        .state("af0ifjsldkj")
        .additionalParameters(parameters)
        .authorizationRequestUri("https://id.example.jp/oauth2/authorize?client_id=portal")
        .build();
  }

  private static Map<String, Object> residentAttributes() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(Principal.class.getName(), residentLogin());
    attributes.put(OAuth2AuthorizationRequest.class.getName(), codeRequest());
    attributes.put("authorized_scopes", new LinkedHashSet<>(List.of("openid", "profile")));
    return attributes;
  }

  private static Map<String, Object> idTokenMetadata() throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", URI.create("https://localhost:8443").toURL());
    claims.put("sub", "pairwise-sub");
    claims.put("aud", new ArrayList<>(List.of("portal")));
    claims.put("iat", Instant.parse("2026-12-02T09:15:31Z"));
    claims.put("exp", Instant.parse("2026-12-02T09:45:31Z"));
    claims.put("auth_time", Date.from(LOGIN));
    claims.put(
        "cnf", new LinkedHashMap<>(Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")));
    claims.put("amr", new ArrayList<>(List.of("hwk", "pin")));
    claims.put("ttl", 30L);
    claims.put("count", 3);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false);
    metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
    metadata.put("nothing", null);
    return metadata;
  }

  @Test
  void writeWhenResidentAttributesThenOwnFormAndTheyReadBackEqual() {
    Map<String, Object> attributes = residentAttributes();

    String stored = json.write(attributes);
    Map<String, Object> read = json.read(stored);

    assertThat(StoredAuthorizationJson.isOwnForm(stored)).isTrue();
    // The keys are Spring's attribute names; no value names a class.
    assertThat(stored).doesNotContain("@class", "java.util", "java.lang", "java.time");
    assertThat(read.keySet()).containsExactlyElementsOf(attributes.keySet());
    assertThat(read.get(Principal.class.getName())).isEqualTo(residentLogin());
    assertThat(ResidentAuthentication.from((Authentication) read.get(Principal.class.getName())))
        .contains(
            new ResidentAuthentication(
                "ISK-0001",
                LOGIN,
                AuthenticationContextClass.JPKI,
                List.of("hwk", "pin"),
                LoginMethod.CARD));
    assertSameRequest(
        (OAuth2AuthorizationRequest) read.get(OAuth2AuthorizationRequest.class.getName()),
        codeRequest());
    assertThat(read.get("authorized_scopes")).isEqualTo(Set.of("openid", "profile"));
  }

  @Test
  void readWhenOwnFormThenSameAsSpringsOwnRoundTrip() {
    Map<String, Object> attributes = residentAttributes();
    // Spring's form writes a repeated parameter (String[]) but cannot read it back.
    attributes.put(
        OAuth2AuthorizationRequest.class.getName(),
        OAuth2AuthorizationRequest.from(codeRequest())
            .additionalParameters(parameters -> parameters.remove("acr_values"))
            .build());
    Map<String, Object> viaSpring =
        spring.readValue(spring.writeValueAsString(attributes), new TypeReference<>() {});

    Map<String, Object> ours = json.read(json.write(attributes));

    assertThat(ours.get(Principal.class.getName()))
        .isEqualTo(viaSpring.get(Principal.class.getName()));
    assertSameRequest(
        (OAuth2AuthorizationRequest) ours.get(OAuth2AuthorizationRequest.class.getName()),
        (OAuth2AuthorizationRequest) viaSpring.get(OAuth2AuthorizationRequest.class.getName()));
  }

  @Test
  void writeWhenTokenMetadataThenEveryValueReadsBackEqualAndOfTheSameType() throws Exception {
    Map<String, Object> metadata = idTokenMetadata();

    String stored = json.write(metadata);
    Map<String, Object> read = json.read(stored);

    assertThat(StoredAuthorizationJson.isOwnForm(stored)).isTrue();
    assertThat(read).isEqualTo(metadata);
    Map<String, Object> claims = claimsOf(read);
    assertThat(claims.get("iss")).isInstanceOf(URL.class);
    assertThat(claims.get("iat")).isInstanceOf(Instant.class);
    assertThat(claims.get("auth_time")).isExactlyInstanceOf(Date.class);
    assertThat(claims.get("ttl")).isExactlyInstanceOf(Long.class);
    assertThat(claims.get("count")).isExactlyInstanceOf(Integer.class);
    assertThat(claims.get("aud")).isInstanceOf(List.class);
    assertThat(claims.get("cnf")).isInstanceOf(Map.class);
  }

  @Test
  void writeWhenAValueThisFormDoesNotKnowThenTheWholeMapInSpringsFormAndItReadsBack() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("scale", 1.5d);
    attributes.put("name", "kept");
    Authentication withDetails =
        UsernamePasswordAuthenticationToken.authenticated(
            "ISK-0002", null, List.of(new SimpleGrantedAuthority("ROLE_RESIDENT")));
    ((UsernamePasswordAuthenticationToken) withDetails).setDetails("a detail");
    attributes.put(Principal.class.getName(), withDetails);

    String stored = json.write(attributes);

    assertThat(StoredAuthorizationJson.isOwnForm(stored)).isFalse();
    assertThat(json.read(stored))
        .isEqualTo(spring.readValue(stored, new TypeReference<Map<String, Object>>() {}))
        .containsEntry("name", "kept")
        .containsEntry(Principal.class.getName(), withDetails);
  }

  @Test
  void readWhenSpringsFormFromBeforeThenItReadsAsSpringReadsIt() throws Exception {
    Map<String, Object> metadata = idTokenMetadata();
    // Spring's form writes a Long claim with a type id its own reader then refuses.
    Map<String, Object> claims = claimsOf(metadata);
    claims.remove("ttl");
    String written = spring.writeValueAsString(metadata);

    assertThat(StoredAuthorizationJson.isOwnForm(written)).isFalse();
    assertThat(json.read(written))
        .isEqualTo(spring.readValue(written, new TypeReference<Map<String, Object>>() {}))
        .containsEntry(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // not JSON after the start
        "{\"@format\":\"ishikawa-id/1\",\"values\":{",
        // no values object
        "{\"@format\":\"ishikawa-id/1\"}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":[]}",
        // a bare number (numbers are always tagged)
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":1}}",
        // an untagged object, or one with two keys: a class name has nowhere to go
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"@class\":\"java.net.URL\",\"x\":1}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{}}}",
        // an unknown tag
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$class\":\"java.net.URL\"}}}",
        // a tag with a value of the wrong kind
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$int\":\"1\"}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$int\":9999999999}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$long\":1.5}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$instant\":\"yesterday\"}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$instant\":5}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$date\":\"5\"}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$list\":{}}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$set\":\"x\"}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$map\":[]}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$strings\":[1]}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$url\":\"not a url\"}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$url\":\"relative/path\"}}}",
        // a login without a name, with a malformed authority, or a factor without its time
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$authentication\":{\"authorities\":[]}}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$authentication\":{\"name\":\"x\",\"authorities\":[1]}}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$authentication\":{\"name\":\"x\",\"authorities\":[{\"factor\":\"FACTOR_X509\"}]}}}}",
        // an authorization request without its parameters or client
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$authorizationRequest\":{\"clientId\":\"c\"}}}}",
        "{\"@format\":\"ishikawa-id/1\",\"values\":{\"a\":{\"$authorizationRequest\":{\"additionalParameters\":{},\"attributes\":{},\"scopes\":[],\"authorizationUri\":\"u\",\"authorizationRequestUri\":\"u\"}}}}",
        // Spring's form, but malformed
        "{\"@class\":\"java.util.Collections$UnmodifiableMap\",",
      })
  void readWhenStoredValueIsWrongThenRefused(String stored) {
    assertThatThrownBy(() -> json.read(stored)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readWhenNothingStoredThenRefused() {
    assertThatThrownBy(() -> json.read(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idTokenMetadataWhenStoredThenOnlyProtocolClaimsAreKept() throws Exception {
    Map<String, Object> metadata = idTokenMetadata();
    Map<String, Object> claims = claimsOf(metadata);
    claims.put("name", "石川　花子");
    claims.put("birthdate", "1950-04-01");
    claims.put("address", new LinkedHashMap<>(Map.of("locality", "金沢市")));
    claims.put("ishikawa_residency", new LinkedHashMap<>(Map.of("age_over_18", true)));
    claims.put("sid", "session-1");

    Map<String, Object> stored = StoredAuthorizationRows.withProtocolClaimsOnly(metadata);

    Map<String, Object> kept = claimsOf(stored);
    assertThat(kept)
        .containsOnlyKeys("iss", "sub", "aud", "iat", "exp", "auth_time", "amr", "sid")
        .containsEntry("sid", "session-1")
        .containsEntry("auth_time", Date.from(LOGIN));
    assertThat(json.write(stored)).doesNotContain("石川", "1950", "金沢", "age_over_18");
    assertThat(stored.get(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME)).isEqualTo(false);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> claimsOf(Map<String, Object> metadata) {
    return (Map<String, Object>) metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
  }

  private static void assertSameRequest(
      OAuth2AuthorizationRequest actual, OAuth2AuthorizationRequest expected) {
    assertThat(actual.getAuthorizationUri()).isEqualTo(expected.getAuthorizationUri());
    assertThat(actual.getGrantType()).isEqualTo(expected.getGrantType());
    assertThat(actual.getResponseType()).isEqualTo(expected.getResponseType());
    assertThat(actual.getClientId()).isEqualTo(expected.getClientId());
    assertThat(actual.getRedirectUri()).isEqualTo(expected.getRedirectUri());
    assertThat(actual.getScopes()).containsExactlyElementsOf(expected.getScopes());
    assertThat(actual.getState()).isEqualTo(expected.getState());
    assertThat(actual.getAuthorizationRequestUri())
        .isEqualTo(expected.getAuthorizationRequestUri());
    assertThat(actual.getAttributes()).isEqualTo(expected.getAttributes());
    assertThat(actual.getAdditionalParameters().keySet())
        .containsExactlyElementsOf(expected.getAdditionalParameters().keySet());
    expected
        .getAdditionalParameters()
        .forEach(
            (name, value) ->
                assertThat(actual.getAdditionalParameters().get(name)).as(name).isEqualTo(value));
  }
}
