package jp.ishikawa.id.idp.token;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a refresh grant reads and writes of its stored authorization: the attributes and the
 * metadata of its access, ID and refresh tokens, four maps, in {@link StoredAuthorizationJson}'s
 * form and in Spring's (what {@code JdbcOAuth2AuthorizationService} used before). The maps are
 * those of a resident's card login to the portal with PKCE, a nonce and a {@code claims} request.
 *
 * <pre>
 * idp/bench/run-jmh.sh StoredAuthorizationBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoredAuthorizationBenchmark {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final StoredAuthorizationJson own = new StoredAuthorizationJson();
  private final JsonMapper spring =
      JsonMapper.builder()
          .addModules(SecurityJacksonModules.getModules(getClass().getClassLoader()))
          .build();

  private List<Map<String, Object>> maps;
  private List<String> ownStored;
  private List<String> springStored;

  @Setup
  public void setUp() throws Exception {
    Instant login = Instant.parse("2026-12-02T09:15:30.123Z");
    Instant issued = Instant.parse("2026-12-02T09:15:31.456Z");
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("nonce", "ovymr4Dx3kqviV-pSmD_VMxyIkHA82MD7QuM5YfKA2U");
    parameters.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    parameters.put("code_challenge_method", "S256");
    parameters.put("claims", "{\"id_token\":{\"name\":null}}");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(
        Principal.class.getName(),
        new ResidentAuthentication(
                "NC89K41MS9BP4N85ZRT7",
                login,
                AuthenticationContextClass.JPKI,
                List.of("sc", "pin", "hwk", "mfa"),
                LoginMethod.CARD)
            .toAuthentication());
    attributes.put(
        OAuth2AuthorizationRequest.class.getName(),
        OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri("https://id.pref.ishikawa.example/oauth2/authorize")
            .clientId("portal")
            .redirectUri("https://portal.pref.ishikawa.example/callback")
            .scopes(new LinkedHashSet<>(List.of("openid", "profile")))
            .state("aW5zdGF0ZS0xMjM0NTY3ODkw")
            .additionalParameters(parameters)
            .authorizationRequestUri(
                "https://id.pref.ishikawa.example/oauth2/authorize?response_type=code&client_id=portal")
            .build());
    attributes.put("authorized_scopes", new LinkedHashSet<>(List.of("openid", "profile")));

    Map<String, Object> common = new LinkedHashMap<>();
    common.put("iss", URI.create("https://id.pref.ishikawa.example").toURL());
    common.put("sub", "pairwise-3kM9qXh2");
    common.put("aud", new ArrayList<>(List.of("portal")));
    common.put("iat", issued);
    common.put("exp", issued.plusSeconds(1800));
    common.put("jti", "123a9f44-56e8-4e7e-9984-a345949fff65");
    Map<String, Object> accessClaims = new LinkedHashMap<>(common);
    accessClaims.put("nbf", issued);
    accessClaims.put("scope", new LinkedHashSet<>(List.of("openid", "profile")));
    Map<String, Object> idClaims = new LinkedHashMap<>(common);
    idClaims.put("azp", "portal");
    idClaims.put("auth_time", Date.from(login));
    idClaims.put("nonce", "ovymr4Dx3kqviV-pSmD_VMxyIkHA82MD7QuM5YfKA2U");
    idClaims.put("sid", "UPHUh-X3kUdBfgrJHVjJoBYYaBTptZRdAyVLVXJmJjY");
    idClaims.put("acr", AuthenticationContextClass.JPKI);
    idClaims.put("amr", new ArrayList<>(List.of("sc", "pin", "hwk", "mfa")));

    maps =
        List.of(
            attributes,
            tokenMetadata(accessClaims),
            tokenMetadata(idClaims),
            new LinkedHashMap<>(
                Map.of(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false)));
    ownStored = new ArrayList<>();
    springStored = new ArrayList<>();
    for (Map<String, Object> map : maps) {
      String stored = own.write(map);
      if (!StoredAuthorizationJson.isOwnForm(stored)) {
        throw new IllegalStateException("not in our form: " + stored);
      }
      ownStored.add(stored);
      String springForm = spring.writeValueAsString(map);
      spring.readValue(springForm, MAP); // fails here, not in the measurement, if it cannot
      springStored.add(springForm);
    }
  }

  private static Map<String, Object> tokenMetadata(Map<String, Object> claims) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false);
    metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
    return metadata;
  }

  /** The four maps read, in our form (what a refresh grant's lookup now parses). */
  @Benchmark
  public void readOwnForm(Blackhole sink) {
    for (String stored : ownStored) {
      sink.consume(own.read(stored));
    }
  }

  /** The same four maps read in Spring's form (the lookup before). */
  @Benchmark
  public void readSpringForm(Blackhole sink) {
    for (String stored : springStored) {
      sink.consume(spring.readValue(stored, MAP));
    }
  }

  @Benchmark
  public void writeOwnForm(Blackhole sink) {
    for (Map<String, Object> map : maps) {
      sink.consume(own.write(map));
    }
  }

  @Benchmark
  public void writeSpringForm(Blackhole sink) {
    for (Map<String, Object> map : maps) {
      sink.consume(spring.writeValueAsString(map));
    }
  }
}
