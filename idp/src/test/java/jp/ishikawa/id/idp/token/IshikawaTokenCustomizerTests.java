package jp.ishikawa.id.idp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.List;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.crypto.KeyedHash;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/** The token customizer: {@code sub}, {@code acr}, {@code amr} from the login; fails closed. */
class IshikawaTokenCustomizerTests {

  private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType("id_token");
  private static final ResidentAuthentication LOGIN =
      new ResidentAuthentication(
          "ishikawa-id-1",
          Instant.parse("2026-12-01T09:00:00Z"),
          AuthenticationContextClass.JPKI_REVOCATION_UNCHECKED,
          List.of("sc", "pin", "hwk", "mfa"),
          LoginMethod.CARD);

  private final KeyedHash pairwise = new KeyedHash(new byte[32], "pairwise-sub");
  private final IshikawaTokenCustomizer customizer =
      new IshikawaTokenCustomizer(new SubjectIdentifiers(pairwise));

  @Test
  void customizeWhenCardLoginThenAcrAndAmrAreThoseOfTheLogin() {
    JwtEncodingContext context = context(client("public"), LOGIN.toAuthentication(), ID_TOKEN);

    customizer.customize(context);

    JwtClaimsSet claims = context.getClaims().build();
    assertThat(claims.getSubject()).isEqualTo("ishikawa-id-1");
    assertThat(claims.getClaimAsString("acr"))
        .isEqualTo(AuthenticationContextClass.JPKI_REVOCATION_UNCHECKED);
    assertThat(claims.getClaimAsStringList("amr")).containsExactly("sc", "pin", "hwk", "mfa");
  }

  @Test
  void customizeWhenPairwiseClientThenSubIsNotTheIshikawaId() {
    JwtEncodingContext context =
        context(client("pairwise"), LOGIN.toAuthentication(), OAuth2TokenType.ACCESS_TOKEN);

    customizer.customize(context);

    assertThat(context.getClaims().build().getSubject())
        .isEqualTo(pairwise.of("https://shop.example", "ishikawa-id-1"))
        .isNotEqualTo("ishikawa-id-1");
    assertThat(context.getJwsHeader().build().getAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
  }

  @Test
  void customizeWhenPrincipalIsNotAResidentLoginThenServerError() {
    Authentication unknown =
        UsernamePasswordAuthenticationToken.authenticated(
            "ishikawa-id-1", null, AuthorityUtils.createAuthorityList("ROLE_RESIDENT"));
    JwtEncodingContext context = context(client("public"), unknown, ID_TOKEN);

    assertThatExceptionOfType(OAuth2AuthenticationException.class)
        .isThrownBy(() -> customizer.customize(context))
        .satisfies(
            e -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR));
  }

  @Test
  void customizeWhenSubjectTypeNotRecognisedThenServerError() {
    JwtEncodingContext context = context(client("public-ish"), LOGIN.toAuthentication(), ID_TOKEN);

    assertThatExceptionOfType(OAuth2AuthenticationException.class)
        .isThrownBy(() -> customizer.customize(context))
        .satisfies(
            e -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR));
  }

  @Test
  void customizeWhenPairwiseClientHasNoSectorThenServerError() {
    RegisteredClient noSector =
        RegisteredClient.from(client("pairwise"))
            .clientSettings(
                ClientSettings.builder()
                    .setting(ClientSettingNames.SUBJECT_TYPE, "pairwise")
                    .build())
            .build();
    JwtEncodingContext context = context(noSector, LOGIN.toAuthentication(), ID_TOKEN);

    assertThatExceptionOfType(OAuth2AuthenticationException.class)
        .isThrownBy(() -> customizer.customize(context))
        .satisfies(
            e -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR));
  }

  @Test
  void customizeWhenClientCredentialsGrantThenTheClientIsThePrincipal() {
    RegisteredClient client = client("public");
    OAuth2ClientAuthenticationToken clientPrincipal =
        new OAuth2ClientAuthenticationToken(
            client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "secret");
    JwtEncodingContext context =
        JwtEncodingContext.with(
                JwsHeader.with(SignatureAlgorithm.RS256), claims(client.getClientId()))
            .registeredClient(client)
            .principal(clientPrincipal)
            .tokenType(OAuth2TokenType.ACCESS_TOKEN)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build();

    customizer.customize(context);

    assertThat(context.getClaims().build().getSubject()).isEqualTo(client.getClientId());
    assertThat(context.getJwsHeader().build().getAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
  }

  private static JwtEncodingContext context(
      RegisteredClient client, Authentication principal, OAuth2TokenType type) {
    return JwtEncodingContext.with(
            JwsHeader.with(SignatureAlgorithm.RS256), claims(principal.getName()))
        .registeredClient(client)
        .principal(principal)
        .tokenType(type)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .build();
  }

  /** What the framework puts in before customisation: its own {@code sub}, the principal's name. */
  private static JwtClaimsSet.Builder claims(String frameworkSubject) {
    return JwtClaimsSet.builder()
        .issuer("http://localhost")
        .subject(frameworkSubject)
        .claim("aud", List.of("shop"));
  }

  private static RegisteredClient client(String subjectType) {
    return RegisteredClient.withId("shop-id")
        .clientId("shop")
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("https://shop.example/callback")
        .clientSettings(
            ClientSettings.builder()
                .setting(ClientSettingNames.SUBJECT_TYPE, subjectType)
                .setting(ClientSettingNames.SECTOR_IDENTIFIER, "https://shop.example")
                .build())
        .build();
  }
}
