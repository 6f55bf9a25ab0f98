package jp.ishikawa.id.idp.logout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.ishikawa.id.idp.token.SubjectIdentifiers;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Builds logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4): a JWT with {@code typ:
 * logout+jwt}, signed by our signing keys with the algorithm of the client's ID tokens, holding
 * {@code iss}, {@code aud} (the client id), {@code iat}, {@code exp} (two minutes), a fresh {@code
 * jti}, the back-channel logout {@code events} member, {@code sub} as the client knows the resident
 * (pairwise for pairwise clients) and {@code sid} when one IdP session ended. Never a {@code nonce}
 * (§2.4 forbids it).
 */
public final class LogoutTokens {

  static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  private static final Duration LIFETIME = Duration.ofMinutes(2);

  private final JwtEncoder encoder;
  private final SubjectIdentifiers subjects;
  private final String issuer;
  private final Clock clock;

  public LogoutTokens(JwtEncoder encoder, SubjectIdentifiers subjects, String issuer, Clock clock) {
    this.encoder = encoder;
    this.subjects = subjects;
    this.issuer = issuer;
    this.clock = clock;
  }

  String build(RegisteredClient client, String ishikawaId, String sid) {
    Instant now = clock.instant();
    SignatureAlgorithm algorithm = client.getTokenSettings().getIdTokenSignatureAlgorithm();
    JwtClaimsSet.Builder claims =
        JwtClaimsSet.builder()
            .issuer(issuer)
            .audience(List.of(client.getClientId()))
            .issuedAt(now)
            .expiresAt(now.plus(LIFETIME))
            .id(UUID.randomUUID().toString())
            .subject(subjects.subjectFor(client, ishikawaId))
            .claim("events", Map.of(EVENT, Map.of()));
    if (sid != null) {
      claims.claim("sid", sid);
    }
    JwsHeader header = JwsHeader.with(algorithm).type("logout+jwt").build();
    return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
  }
}
