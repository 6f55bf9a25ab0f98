package jp.ishikawa.id.idp.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.StringUtils;

/**
 * The {@code oauth2_authorization} row of an authorization and back, column for column as Spring's
 * {@code JdbcOAuth2AuthorizationService} keeps it, with two differences:
 *
 * <ul>
 *   <li>the attributes and token metadata are written in {@link StoredAuthorizationJson}'s form
 *       (Spring's is still read);
 *   <li>of an ID token's claims, only the protocol's are stored ({@link #STORED_ID_TOKEN_CLAIMS}):
 *       the resident's facts an ID token may carry (name, address, birth date, residency, asked for
 *       with the {@code claims} parameter) are never written to this table, where they would lie
 *       unencrypted. Nothing reads them back: RP-initiated and back-channel logout need {@code
 *       aud}, {@code sub} and {@code sid}, a refreshed ID token takes {@code sid} and {@code
 *       auth_time} from the stored one and its facts from the encrypted store again.
 * </ul>
 */
final class StoredAuthorizationRows
    implements RowMapper<OAuth2Authorization>,
        Function<OAuth2Authorization, List<SqlParameterValue>> {

  /**
   * OIDC Core §2 and §3.1.3.6 claims, RFC 8176's {@code amr}, back-channel logout's {@code sid}.
   */
  static final Set<String> STORED_ID_TOKEN_CLAIMS =
      Set.of(
          "iss",
          "sub",
          "aud",
          "exp",
          "iat",
          "nbf",
          "jti",
          "auth_time",
          "nonce",
          "acr",
          "amr",
          "azp",
          "at_hash",
          "c_hash",
          "sid");

  private final RegisteredClientRepository clients;
  private final StoredAuthorizationJson json = new StoredAuthorizationJson();

  StoredAuthorizationRows(RegisteredClientRepository clients) {
    this.clients = clients;
  }

  // ---- reading

  @Override
  @SuppressWarnings("unchecked")
  public OAuth2Authorization mapRow(ResultSet rs, int rowNum) throws SQLException {
    String registeredClientId = rs.getString("registered_client_id");
    RegisteredClient client = clients.findById(registeredClientId);
    if (client == null) {
      throw new DataRetrievalFailureException(
          "The RegisteredClient with id '"
              + registeredClientId
              + "' was not found in the RegisteredClientRepository.");
    }
    Map<String, Object> attributes = json.read(rs.getString("attributes"));
    OAuth2Authorization.Builder builder =
        OAuth2Authorization.withRegisteredClient(client)
            .id(rs.getString("id"))
            .principalName(rs.getString("principal_name"))
            .authorizationGrantType(
                new AuthorizationGrantType(rs.getString("authorization_grant_type")))
            .authorizedScopes(scopes(rs.getString("authorized_scopes")))
            .attributes(stored -> stored.putAll(attributes));
    String state = rs.getString("state");
    if (StringUtils.hasText(state)) {
      builder.attribute(OAuth2ParameterNames.STATE, state);
    }

    String code = rs.getString("authorization_code_value");
    if (StringUtils.hasText(code)) {
      token(
          builder,
          new OAuth2AuthorizationCode(
              code,
              instant(rs, "authorization_code_issued_at"),
              instant(rs, "authorization_code_expires_at")),
          json.read(rs.getString("authorization_code_metadata")));
    }
    String access = rs.getString("access_token_value");
    if (StringUtils.hasText(access)) {
      String type = rs.getString("access_token_type");
      OAuth2AccessToken.TokenType tokenType =
          OAuth2AccessToken.TokenType.BEARER.getValue().equalsIgnoreCase(type)
              ? OAuth2AccessToken.TokenType.BEARER
              : OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(type)
                  ? OAuth2AccessToken.TokenType.DPOP
                  : null;
      token(
          builder,
          new OAuth2AccessToken(
              tokenType,
              access,
              instant(rs, "access_token_issued_at"),
              instant(rs, "access_token_expires_at"),
              scopes(rs.getString("access_token_scopes"))),
          json.read(rs.getString("access_token_metadata")));
    }
    String idToken = rs.getString("oidc_id_token_value");
    if (StringUtils.hasText(idToken)) {
      Map<String, Object> metadata = json.read(rs.getString("oidc_id_token_metadata"));
      token(
          builder,
          new OidcIdToken(
              idToken,
              instant(rs, "oidc_id_token_issued_at"),
              instant(rs, "oidc_id_token_expires_at"),
              (Map<String, Object>) metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME)),
          metadata);
    }
    String refresh = rs.getString("refresh_token_value");
    if (StringUtils.hasText(refresh)) {
      token(
          builder,
          new OAuth2RefreshToken(
              refresh,
              instant(rs, "refresh_token_issued_at"),
              instant(rs, "refresh_token_expires_at")),
          json.read(rs.getString("refresh_token_metadata")));
    }
    String userCode = rs.getString("user_code_value");
    if (StringUtils.hasText(userCode)) {
      token(
          builder,
          new OAuth2UserCode(
              userCode, instant(rs, "user_code_issued_at"), instant(rs, "user_code_expires_at")),
          json.read(rs.getString("user_code_metadata")));
    }
    String deviceCode = rs.getString("device_code_value");
    if (StringUtils.hasText(deviceCode)) {
      token(
          builder,
          new OAuth2DeviceCode(
              deviceCode,
              instant(rs, "device_code_issued_at"),
              instant(rs, "device_code_expires_at")),
          json.read(rs.getString("device_code_metadata")));
    }
    return builder.build();
  }

  private static void token(
      OAuth2Authorization.Builder builder, OAuth2Token token, Map<String, Object> metadata) {
    builder.token(token, stored -> stored.putAll(metadata));
  }

  private static Set<String> scopes(String stored) {
    return stored == null ? Collections.emptySet() : StringUtils.commaDelimitedListToSet(stored);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  // ---- writing, in the order of HashedTokenAuthorizationService's columns

  @Override
  public List<SqlParameterValue> apply(OAuth2Authorization authorization) {
    List<SqlParameterValue> parameters = new ArrayList<>(33);
    parameters.add(text(authorization.getId()));
    parameters.add(text(authorization.getRegisteredClientId()));
    parameters.add(text(authorization.getPrincipalName()));
    parameters.add(text(authorization.getAuthorizationGrantType().getValue()));
    parameters.add(text(joined(authorization.getAuthorizedScopes())));
    parameters.add(text(json.write(authorization.getAttributes())));
    String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
    parameters.add(text(StringUtils.hasText(state) ? state : null));
    token(parameters, authorization.getToken(OAuth2AuthorizationCode.class), false);
    OAuth2Authorization.Token<OAuth2AccessToken> access =
        authorization.getToken(OAuth2AccessToken.class);
    token(parameters, access, false);
    parameters.add(text(access == null ? null : access.getToken().getTokenType().getValue()));
    parameters.add(text(access == null ? null : joined(access.getToken().getScopes())));
    token(parameters, authorization.getToken(OidcIdToken.class), true);
    token(parameters, authorization.getRefreshToken(), false);
    token(parameters, authorization.getToken(OAuth2UserCode.class), false);
    token(parameters, authorization.getToken(OAuth2DeviceCode.class), false);
    return parameters;
  }

  private void token(
      List<SqlParameterValue> parameters,
      OAuth2Authorization.Token<? extends OAuth2Token> token,
      boolean idToken) {
    if (token == null) {
      parameters.add(text(null));
      parameters.add(timestamp(null));
      parameters.add(timestamp(null));
      parameters.add(text(null));
      return;
    }
    Map<String, Object> metadata = token.getMetadata();
    if (idToken) {
      metadata = withProtocolClaimsOnly(metadata);
    }
    parameters.add(text(token.getToken().getTokenValue()));
    parameters.add(timestamp(token.getToken().getIssuedAt()));
    parameters.add(timestamp(token.getToken().getExpiresAt()));
    parameters.add(text(json.write(metadata)));
  }

  /** The ID token's metadata with its claims cut down to {@link #STORED_ID_TOKEN_CLAIMS}. */
  static Map<String, Object> withProtocolClaimsOnly(Map<String, Object> metadata) {
    if (!(metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME)
        instanceof Map<?, ?> claims)) {
      return metadata;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    claims.forEach(
        (name, value) -> {
          if (name instanceof String claim && STORED_ID_TOKEN_CLAIMS.contains(claim)) {
            kept.put(claim, value);
          }
        });
    Map<String, Object> stored = new LinkedHashMap<>(metadata);
    stored.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, kept);
    return stored;
  }

  private static String joined(Set<String> scopes) {
    return scopes == null || scopes.isEmpty()
        ? null
        : StringUtils.collectionToDelimitedString(scopes, ",");
  }

  private static SqlParameterValue text(String value) {
    return new SqlParameterValue(Types.VARCHAR, value);
  }

  private static SqlParameterValue timestamp(Instant value) {
    return new SqlParameterValue(Types.TIMESTAMP, value == null ? null : Timestamp.from(value));
  }
}
