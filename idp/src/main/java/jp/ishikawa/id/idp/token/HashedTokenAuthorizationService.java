package jp.ishikawa.id.idp.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Spring's JDBC authorization store, keeping no token value a database dump could replay: codes,
 * access, refresh and ID tokens are written as {@code sha256:} + base64url(SHA-256(value)) and
 * looked up by that hash. The token a request presents is put back in clear in the authorization it
 * finds, so the protocol code (revocation, introspection) can match it by value; the others stay
 * hashed, and a value read back from the store (already a hash) is never hashed twice.
 *
 * <p>Refresh tokens rotate (a new one at every refresh); the one rotated away is remembered by its
 * hash until it would have expired. Presenting it again means someone else holds a copy: the whole
 * authorization — every token of it — is revoked, an audit event {@code token.refresh_reuse} is
 * written, and the grant answers {@code invalid_grant} (RFC 9700 §4.14.2, OAuth 2.1 §4.3.1).
 * Remembered hashes past their expiry are ignored here and deleted by {@link
 * ExpiredRotatedRefreshTokens}, on a schedule, not on every refresh.
 *
 * <p>A code or refresh token presented by two requests at the same moment is caught too: a request
 * saves what it found by a token only if the row still holds the tokens it was found with ({@link
 * AuthorizationsOfThisRequest}); the request that finds it changed revokes the whole authorization,
 * writes {@code token.concurrent_use} and answers {@code invalid_grant}, so at most one of them is
 * answered with tokens, and those no longer work.
 *
 * <p>Rows are read and written by {@link StoredAuthorizationRows}: Spring's columns, attributes and
 * metadata in {@link StoredAuthorizationJson}'s form, and no resident fact of an ID token.
 */
public final class HashedTokenAuthorizationService extends JdbcOAuth2AuthorizationService {

  /** What marks a stored value as a hash. */
  public static final String HASH_PREFIX = "sha256:";

  private static final Duration ROTATED_DEFAULT_LIFETIME = Duration.ofDays(30);

  private final JdbcClient jdbc;
  private final RegisteredClientRepository clients;
  private final ResidentService residents;
  private final AuditLog audit;
  private final Clock clock;

  public HashedTokenAuthorizationService(
      JdbcOperations jdbcOperations,
      JdbcClient jdbc,
      RegisteredClientRepository clients,
      ResidentService residents,
      AuditLog audit,
      Clock clock) {
    super(jdbcOperations, clients);
    this.jdbc = jdbc;
    this.clients = clients;
    this.residents = residents;
    this.audit = audit;
    this.clock = clock;
    StoredAuthorizationRows rows = new StoredAuthorizationRows(clients);
    setAuthorizationRowMapper(rows);
    setAuthorizationParametersMapper(rows);
  }

  /** The stored form of a token value. */
  public static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HASH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Inserts or updates the authorization, its token values hashed. Spring's {@code save} would
   * first load the whole stored authorization ({@code findById}: every column, the attributes' and
   * the four token metadata's JSON parsed) only to learn whether it exists; the stored refresh
   * token's hash, which rotation needs anyway, answers that with one narrow query instead. The
   * statements are Spring's, the parameters {@link StoredAuthorizationRows}'.
   */
  @Override
  public void save(OAuth2Authorization authorization) {
    Assert.notNull(authorization, "authorization cannot be null");
    OAuth2Authorization hashed = hashed(authorization);
    List<SqlParameterValue> parameters = getAuthorizationParametersMapper().apply(hashed);
    Optional<AuthorizationsOfThisRequest.Found> found =
        AuthorizationsOfThisRequest.found(hashed.getId());
    if (found.isPresent()) {
      saveFound(hashed, parameters, found.get());
      return;
    }
    Optional<StoredRefreshToken> stored =
        jdbc.sql(
                "SELECT refresh_token_value, refresh_token_expires_at FROM oauth2_authorization"
                    + " WHERE id = ?")
            .param(hashed.getId())
            .query(
                (rs, row) ->
                    new StoredRefreshToken(
                        rs.getString("refresh_token_value"),
                        instant(rs.getTimestamp("refresh_token_expires_at"))))
            .optional();
    if (stored.isEmpty()) {
      write(INSERT_SQL, parameters);
      return;
    }
    rememberRotatedRefreshToken(hashed, stored.get().hash(), stored.get().expiresAt());
    write(UPDATE_SQL, idLast(parameters));
  }

  /** The parameters mapper's values with the id moved last, for {@code UPDATE … WHERE id = ?}. */
  private static List<SqlParameterValue> idLast(List<SqlParameterValue> parameters) {
    List<SqlParameterValue> idLast = new ArrayList<>(parameters);
    idLast.add(idLast.removeFirst());
    return idLast;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  /**
   * Saves an authorization this request found by a token it was presented (a code or refresh grant,
   * a revocation): the row is updated only if it still holds the tokens it was found with. If it
   * does not, another request presented the same code or refresh token at the same moment and has
   * already been given tokens for it: a copy is in someone else's hands, so the whole authorization
   * is revoked, as for a rotated refresh token presented again, and this request answers {@code
   * invalid_grant}.
   */
  private void saveFound(
      OAuth2Authorization hashed,
      List<SqlParameterValue> parameters,
      AuthorizationsOfThisRequest.Found found) {
    rememberRotatedRefreshToken(hashed, found.refreshTokenHash(), found.refreshTokenExpiresAt());
    List<SqlParameterValue> arguments = idLast(parameters);
    arguments.add(new SqlParameterValue(Types.VARCHAR, found.accessTokenHash()));
    arguments.add(new SqlParameterValue(Types.VARCHAR, found.refreshTokenHash()));
    if (getJdbcOperations().update(UPDATE_UNCHANGED_SQL, arguments.toArray()) == 1) {
      AuthorizationsOfThisRequest.remember(hashed);
      return;
    }
    remove(hashed);
    audit.record(
        "token.concurrent_use",
        "failure",
        "token_used_concurrently",
        residentIdOf(hashed.getPrincipalName()),
        clientIdOf(hashed.getRegisteredClientId()),
        "presented twice at once; the tokens minted for this request were never answered;"
            + " authorization revoked");
    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
  }

  private String residentIdOf(String ishikawaId) {
    return ResidentsOfThisRequest.find(residents, ishikawaId).map(Resident::id).orElse(null);
  }

  private String clientIdOf(String registeredClientId) {
    RegisteredClient client = clients.findById(registeredClientId);
    return client == null ? null : client.getClientId();
  }

  private static final String INSERT_SQL =
      "INSERT INTO oauth2_authorization ("
          + String.join(", ", StoredAuthorizationRows.COLUMNS)
          + ") VALUES ("
          + String.join(", ", Collections.nCopies(StoredAuthorizationRows.COLUMNS.size(), "?"))
          + ")";

  private static final String UPDATE_SQL =
      "UPDATE oauth2_authorization SET "
          + StoredAuthorizationRows.COLUMNS.stream()
              .skip(1)
              .map(column -> column + " = ?")
              .collect(Collectors.joining(", "))
          + " WHERE id = ?";

  private static final String UPDATE_UNCHANGED_SQL =
      UPDATE_SQL
          + " AND access_token_value IS NOT DISTINCT FROM ?"
          + " AND refresh_token_value IS NOT DISTINCT FROM ?";

  /** Binds each {@link SqlParameterValue} with its SQL type, as Spring's own statements do. */
  private void write(String sql, List<SqlParameterValue> parameters) {
    getJdbcOperations().update(sql, parameters.toArray());
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
      // The consent step's state: short-lived, bound to the session, never a credential alone.
      return super.findByToken(token, tokenType);
    }
    // A presented value is always hashed, so a hash taken from a dump finds nothing.
    String presented = hash(token);
    OAuth2Authorization found = super.findByToken(presented, tokenType);
    if (found == null) {
      if (OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
        revokeIfRotated(presented);
      }
      return null;
    }
    AuthorizationsOfThisRequest.remember(found);
    return withPresentedValue(found, presented, token);
  }

  private static OAuth2Authorization hashed(OAuth2Authorization authorization) {
    OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
    for (Class<? extends OAuth2Token> type : TOKEN_TYPES) {
      OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
      if (token != null && !token.getToken().getTokenValue().startsWith(HASH_PREFIX)) {
        builder.token(withValue(token.getToken(), hash(token.getToken().getTokenValue())));
      }
    }
    return builder.build();
  }

  private static OAuth2Authorization withPresentedValue(
      OAuth2Authorization found, String presentedHash, String presented) {
    OAuth2Authorization.Builder builder = OAuth2Authorization.from(found);
    for (Class<? extends OAuth2Token> type : TOKEN_TYPES) {
      OAuth2Authorization.Token<? extends OAuth2Token> token = found.getToken(type);
      if (token != null && token.getToken().getTokenValue().equals(presentedHash)) {
        builder.token(withValue(token.getToken(), presented));
      }
    }
    return builder.build();
  }

  private static final List<Class<? extends OAuth2Token>> TOKEN_TYPES =
      List.of(
          OAuth2AuthorizationCode.class,
          OAuth2AccessToken.class,
          OidcIdToken.class,
          OAuth2RefreshToken.class);

  private static OAuth2Token withValue(OAuth2Token token, String value) {
    return switch (token) {
      case OAuth2AuthorizationCode code ->
          new OAuth2AuthorizationCode(value, code.getIssuedAt(), code.getExpiresAt());
      case OAuth2AccessToken access ->
          new OAuth2AccessToken(
              access.getTokenType(),
              value,
              access.getIssuedAt(),
              access.getExpiresAt(),
              access.getScopes());
      case OidcIdToken id ->
          new OidcIdToken(value, id.getIssuedAt(), id.getExpiresAt(), id.getClaims());
      case OAuth2RefreshToken refresh ->
          new OAuth2RefreshToken(value, refresh.getIssuedAt(), refresh.getExpiresAt());
      default -> throw new IllegalStateException("unexpected token " + token.getClass());
    };
  }

  /** Before a refresh token is replaced in the store, keeps the old one's hash. */
  private void rememberRotatedRefreshToken(
      OAuth2Authorization hashed, String storedHash, Instant storedExpiresAt) {
    if (storedHash == null) {
      return;
    }
    OAuth2Authorization.Token<OAuth2RefreshToken> current = hashed.getRefreshToken();
    if (current != null && current.getToken().getTokenValue().equals(storedHash)) {
      return;
    }
    Instant expires =
        storedExpiresAt != null ? storedExpiresAt : clock.instant().plus(ROTATED_DEFAULT_LIFETIME);
    try {
      jdbc.sql(
              "INSERT INTO oauth2_rotated_refresh_token (token_hash, authorization_id, expires_at)"
                  + " VALUES (?, ?, ?)")
          .params(storedHash, hashed.getId(), Timestamp.from(expires))
          .update();
    } catch (DuplicateKeyException alreadyRemembered) {
      // Two refreshes raced with the same token: it is remembered once, which is all it takes.
    }
  }

  private record StoredRefreshToken(String hash, Instant expiresAt) {}

  private void revokeIfRotated(String presentedHash) {
    Optional<String> authorizationId =
        jdbc.sql(
                "SELECT authorization_id FROM oauth2_rotated_refresh_token"
                    + " WHERE token_hash = ? AND expires_at >= ?")
            .params(presentedHash, Timestamp.from(clock.instant()))
            .query(String.class)
            .optional();
    if (authorizationId.isEmpty()) {
      return;
    }
    OAuth2Authorization family = findById(authorizationId.get());
    if (family != null) {
      remove(family);
    }
    audit.record(
        "token.refresh_reuse",
        "failure",
        "refresh_token_reused",
        family == null ? null : residentIdOf(family.getPrincipalName()),
        family == null ? null : clientIdOf(family.getRegisteredClientId()),
        family == null ? "authorization already gone" : "authorization revoked");
  }
}
