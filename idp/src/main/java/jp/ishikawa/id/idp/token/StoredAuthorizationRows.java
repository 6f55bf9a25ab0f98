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

  /** Spring's columns of {@code oauth2_authorization}, in the order {@link #apply} binds them. */
  static final List<String> COLUMNS =
      List.of(
          "id",
          "registered_client_id",
          "principal_name",
          "authorization_grant_type",
          "authorized_scopes",
          "attributes",
          "state",
          "authorization_code_value",
          "authorization_code_issued_at",
          "authorization_code_expires_at",
          "authorization_code_metadata",
          "access_token_value",
          "access_token_issued_at",
          "access_token_expires_at",
          "access_token_metadata",
          "access_token_type",
          "access_token_scopes",
          "oidc_id_token_value",
          "oidc_id_token_issued_at",
          "oidc_id_token_expires_at",
          "oidc_id_token_metadata",
          "refresh_token_value",
          "refresh_token_issued_at",
          "refresh_token_expires_at",
          "refresh_token_metadata",
          "user_code_value",
          "user_code_issued_at",
          "user_code_expires_at",
          "user_code_metadata",
          "device_code_value",
          "device_code_issued_at",
          "device_code_expires_at",
          "device_code_metadata");

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

    readToken(
        rs,
        builder,
        "authorization_code",
        (value, issuedAt, expiresAt, metadata) ->
            new OAuth2AuthorizationCode(value, issuedAt, expiresAt));
    readToken(
        rs,
        builder,
        "access_token",
        (value, issuedAt, expiresAt, metadata) ->
            new OAuth2AccessToken(
                tokenType(rs.getString("access_token_type")),
                value,
                issuedAt,
                expiresAt,
                scopes(rs.getString("access_token_scopes"))));
    readToken(
        rs,
        builder,
        "oidc_id_token",
        (value, issuedAt, expiresAt, metadata) ->
            new OidcIdToken(
                value,
                issuedAt,
                expiresAt,
                (Map<String, Object>)
                    metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME)));
    readToken(
        rs,
        builder,
        "refresh_token",
        (value, issuedAt, expiresAt, metadata) ->
            new OAuth2RefreshToken(value, issuedAt, expiresAt));
    readToken(
        rs,
        builder,
        "user_code",
        (value, issuedAt, expiresAt, metadata) -> new OAuth2UserCode(value, issuedAt, expiresAt));
    readToken(
        rs,
        builder,
        "device_code",
        (value, issuedAt, expiresAt, metadata) -> new OAuth2DeviceCode(value, issuedAt, expiresAt));
    return builder.build();
  }

  /** A token as its row columns hold it: {@code <prefix>_value}, {@code _issued_at}, … */
  @FunctionalInterface
  private interface TokenOfRow {
    OAuth2Token of(String value, Instant issuedAt, Instant expiresAt, Map<String, Object> metadata)
        throws SQLException;
  }

  /** Adds the token whose columns start with {@code prefix}, if the row holds one. */
  private void readToken(
      ResultSet rs, OAuth2Authorization.Builder builder, String prefix, TokenOfRow token)
      throws SQLException {
    String value = rs.getString(prefix + "_value");
    if (!StringUtils.hasText(value)) {
      return;
    }
    Map<String, Object> metadata = json.read(rs.getString(prefix + "_metadata"));
    builder.token(
        token.of(
            value,
            instant(rs, prefix + "_issued_at"),
            instant(rs, prefix + "_expires_at"),
            metadata),
        stored -> stored.putAll(metadata));
  }

  private static OAuth2AccessToken.TokenType tokenType(String stored) {
    if (OAuth2AccessToken.TokenType.BEARER.getValue().equalsIgnoreCase(stored)) {
      return OAuth2AccessToken.TokenType.BEARER;
    }
    if (OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(stored)) {
      return OAuth2AccessToken.TokenType.DPOP;
    }
    return null;
  }

  private static Set<String> scopes(String stored) {
    return stored == null ? Collections.emptySet() : StringUtils.commaDelimitedListToSet(stored);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  // ---- writing, in the order of COLUMNS

  @Override
  public List<SqlParameterValue> apply(OAuth2Authorization authorization) {
    List<SqlParameterValue> parameters = new ArrayList<>(COLUMNS.size());
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
