package jp.ishikawa.id.idp.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.produce.JWSSignerFactory;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URL;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.security.oauth2.jose.JwaAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs the IdP's JWTs (access, ID and logout tokens) with the active key of the header's algorithm
 * ({@link SigningKeyStore#signingKeys()}), through a signer factory of our choice ({@code
 * crypto/JoseProvider}). Spring's {@code NimbusJwtEncoder} does the same but always with the JDK's
 * provider; this encoder keeps its behaviour: the key is the one of the header's algorithm (and
 * {@code kid}, if the header names one) with use {@code sig} or none, exactly one must match, the
 * header gets the key's {@code kid}, and the claims and headers are Nimbus's from Spring's. Times
 * ({@code Instant} or {@code Date}, also in custom claims such as {@code auth_time}) become
 * NumericDate seconds; URLs and algorithms become strings.
 */
public final class SigningKeysJwtEncoder implements JwtEncoder {

  private static final String FAILED = "An error occurred while attempting to encode the Jwt: %s";

  /** Signers of keys rotated out are dropped once this many are cached. */
  private static final int MAX_SIGNERS = 8;

  private final Supplier<JWKSet> keys;
  private final JWSSignerFactory signers;
  private final Map<JWK, JWSSigner> cached = new ConcurrentHashMap<>();

  public SigningKeysJwtEncoder(Supplier<JWKSet> keys, JWSSignerFactory signers) {
    this.keys = keys;
    this.signers = signers;
  }

  @Override
  public Jwt encode(JwtEncoderParameters parameters) {
    JwsHeader headers = parameters.getJwsHeader();
    if (headers == null) {
      throw new JwtEncodingException(String.format(FAILED, "no JWS header (its algorithm)"));
    }
    JwtClaimsSet claims = parameters.getClaims();
    JWSAlgorithm algorithm = JWSAlgorithm.parse(headers.getAlgorithm().getName());
    JWK key = select(algorithm, headers.getKeyId());
    if (headers.getKeyId() == null && key.getKeyID() != null) {
      headers = JwsHeader.from(headers).keyId(key.getKeyID()).build();
    }
    SignedJWT jwt;
    try {
      jwt = new SignedJWT(JWSHeader.parse(json(headers.getHeaders())), claimsOf(claims));
    } catch (ParseException | IllegalArgumentException e) {
      throw new JwtEncodingException(String.format(FAILED, "unusable header or claims"), e);
    }
    try {
      jwt.sign(signer(key, algorithm));
    } catch (JOSEException e) {
      throw new JwtEncodingException(
          String.format(FAILED, "Failed to sign the JWT -> " + e.getMessage()), e);
    }
    return new Jwt(
        jwt.serialize(),
        claims.getIssuedAt(),
        claims.getExpiresAt(),
        headers.getHeaders(),
        claims.getClaims());
  }

  private JWK select(JWSAlgorithm algorithm, String keyId) {
    if (!JWSAlgorithm.Family.EC.contains(algorithm)
        && !JWSAlgorithm.Family.RSA.contains(algorithm)) {
      throw new JwtEncodingException(
          String.format(FAILED, "the IdP signs with EC or RSA keys only, not " + algorithm));
    }
    JWKMatcher matcher =
        new JWKMatcher.Builder()
            .keyType(KeyType.forAlgorithm(algorithm))
            .keyID(keyId)
            .keyUses(KeyUse.SIGNATURE, null)
            .algorithms(algorithm, null)
            .privateOnly(true)
            .build();
    List<JWK> found = new JWKSelector(matcher).select(keys.get());
    if (found.size() != 1) {
      throw new JwtEncodingException(
          String.format(
              FAILED,
              found.isEmpty()
                  ? "Failed to select a JWK signing key"
                  : "more than one signing key for " + algorithm));
    }
    return found.get(0);
  }

  private JWSSigner signer(JWK key, JWSAlgorithm algorithm) throws JOSEException {
    JWSSigner signer = cached.get(key);
    if (signer == null) {
      signer = signers.createJWSSigner(key, algorithm);
      if (cached.size() >= MAX_SIGNERS) {
        cached.clear();
      }
      cached.put(key, signer);
    }
    return signer;
  }

  private static JWTClaimsSet claimsOf(JwtClaimsSet claims) throws ParseException {
    return JWTClaimsSet.parse(json(claims.getClaims()));
  }

  /**
   * Spring's values as JSON values: instants as NumericDate seconds, URLs and algorithms as
   * strings.
   */
  private static Map<String, Object> json(Map<String, Object> values) {
    Map<String, Object> json = new LinkedHashMap<>();
    values.forEach((name, value) -> json.put(name, jsonValue(value)));
    return json;
  }

  private static Object jsonValue(Object value) {
    if (value instanceof Instant instant) {
      return instant.getEpochSecond();
    }
    if (value instanceof Date date) {
      return date.getTime() / 1000;
    }
    if (value instanceof JwaAlgorithm algorithm) {
      return algorithm.getName();
    }
    if (value instanceof URL url) {
      return url.toString();
    }
    if (value instanceof Base64URL base64) {
      return base64.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> nested = new LinkedHashMap<>();
      map.forEach((name, nestedValue) -> nested.put(String.valueOf(name), jsonValue(nestedValue)));
      return nested;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> list = new ArrayList<>(collection.size());
      collection.forEach(item -> list.add(jsonValue(item)));
      return list;
    }
    return value;
  }
}
