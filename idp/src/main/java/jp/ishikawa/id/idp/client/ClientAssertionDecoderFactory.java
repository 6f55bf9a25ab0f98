package jp.ishikawa.id.idp.client;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.ishikawa.id.idp.replay.ReplayCache;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Verifies {@code private_key_jwt} client assertions (RFC 7523 §3, OIDC Core §9) for Spring's
 * {@code JwtClientAssertionAuthenticationProvider}, in this order:
 *
 * <ol>
 *   <li>signature, with the algorithm the client is registered for, by a key of the client's JWK
 *       set: the inline {@code jwks}, or the {@code jwks-uri} document (fetched, cached, fetched
 *       again when a {@code kid} is unknown — how a client rotates its keys);
 *   <li>Spring's claim checks: {@code iss} and {@code sub} are the client id, {@code aud} is our
 *       issuer or one of our endpoints that authenticates clients (token, introspection,
 *       revocation, PAR), {@code exp} present and not passed, {@code nbf} reached;
 *   <li>{@code exp} at most {@link #MAXIMUM_LIFETIME} ahead, so a replay cache entry never lives
 *       long;
 *   <li>{@code jti} present and never seen before on any node ({@link ReplayCache}), remembered
 *       until the assertion expires: a captured assertion cannot be replayed.
 * </ol>
 *
 * Any failure is {@code invalid_client} (RFC 6749 §5.2), as Spring's provider reports it.
 */
public final class ClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

  /** The longest an assertion may live (exp − now): Nimbus and openid-client use one minute. */
  public static final Duration MAXIMUM_LIFETIME = Duration.ofMinutes(10);

  private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final ReplayCache replays;
  private final Clock clock;
  private final Map<String, Cached> decoders = new ConcurrentHashMap<>();

  public ClientAssertionDecoderFactory(ReplayCache replays, Clock clock) {
    this.replays = replays;
    this.clock = clock;
  }

  /** What a decoder is built from: a new JWK set or algorithm (the console) means a new one. */
  private record Keys(String jwks, String jwkSetUrl, Object algorithm) {
    static Keys of(RegisteredClient client) {
      return new Keys(
          client.getClientSettings().getSetting(ClientSettingNames.JWKS),
          client.getClientSettings().getJwkSetUrl(),
          client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm());
    }
  }

  private record Cached(Keys keys, JwtDecoder decoder) {}

  @Override
  public JwtDecoder createDecoder(RegisteredClient client) {
    // One decoder (and one JWK set cache) per client, until its registered keys change.
    Keys keys = Keys.of(client);
    return decoders
        .compute(
            client.getId(),
            (id, cached) ->
                cached != null && cached.keys().equals(keys)
                    ? cached
                    : new Cached(keys, build(client)))
        .decoder();
  }

  private JwtDecoder build(RegisteredClient client) {
    JwsAlgorithm algorithm =
        client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
    if (!(algorithm instanceof SignatureAlgorithm signature)) {
      throw invalidClient("the client is not registered for private_key_jwt");
    }
    String inline = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
    String url = client.getClientSettings().getJwkSetUrl();
    NimbusJwtDecoder decoder;
    if (inline != null) {
      JWKSet keys;
      try {
        keys = JWKSet.parse(inline);
      } catch (ParseException e) {
        throw invalidClient("the client's registered jwks cannot be read");
      }
      decoder =
          NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys))
              .jwsAlgorithm(signature)
              .build();
    } else if (url != null) {
      decoder = NimbusJwtDecoder.withJwkSetUri(url).jwsAlgorithm(signature).build();
    } else {
      throw invalidClient("the client has no registered keys");
    }
    OAuth2TokenValidator<Jwt> claims =
        JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client);
    String clientId = client.getClientId();
    decoder.setJwtValidator(
        jwt -> {
          OAuth2TokenValidatorResult result = claims.validate(jwt);
          if (result.hasErrors()) {
            return result; // a refused assertion does not use up its jti
          }
          return firstUse(clientId, jwt);
        });
    return decoder;
  }

  private OAuth2TokenValidatorResult firstUse(String clientId, Jwt jwt) {
    Instant expiresAt = jwt.getExpiresAt();
    if (expiresAt == null
        || expiresAt.isAfter(clock.instant().plus(MAXIMUM_LIFETIME).plus(CLOCK_SKEW))) {
      return failure("The client assertion's exp is too far ahead");
    }
    String jti = jwt.getId();
    if (jti == null || jti.isBlank()) {
      return failure("The client assertion has no jti");
    }
    if (!replays.firstUse(
        ReplayCache.Kind.CLIENT_ASSERTION, clientId + " " + jti, expiresAt.plus(CLOCK_SKEW))) {
      return failure("The client assertion was used before");
    }
    return OAuth2TokenValidatorResult.success();
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(
            OAuth2ErrorCodes.INVALID_CLIENT,
            description,
            "https://datatracker.ietf.org/doc/html/rfc7523#section-3"));
  }

  private static OAuth2AuthenticationException invalidClient(String description) {
    return new OAuth2AuthenticationException(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
  }
}
