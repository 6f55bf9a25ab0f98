package jp.ishikawa.id.idp.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import jp.ishikawa.id.idp.replay.ReplayCache;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 9449 §11.1: a DPoP proof is used once. Spring checks each proof ({@code typ}, signature by
 * the embedded key, {@code htm}, {@code htu}, {@code iat}, {@code ath}, the token's {@code
 * cnf.jkt}) but remembers {@code jti}s in one JVM only; this filter, in front of the authorization
 * server's endpoints, refuses a proof whose key and {@code jti} any node has seen in the last
 * {@link #REMEMBERED} ({@link ReplayCache}).
 *
 * <p>Only proofs that are well formed and correctly signed by their own key are remembered, so a
 * forged proof cannot use up someone else's {@code jti}; anything malformed is left to Spring,
 * which refuses it. A replay gets {@code invalid_dpop_proof}: a 400 JSON error at the token
 * endpoint (RFC 9449 §5.1), a 401 with {@code WWW-Authenticate: DPoP error="invalid_dpop_proof"} at
 * protected resources such as userinfo (§7.1).
 */
public final class DpopProofReplayFilter extends OncePerRequestFilter {

  /** Longer than any proof is accepted for (Spring: {@code iat} within a minute or so). */
  static final Duration REMEMBERED = Duration.ofMinutes(10);

  private static final JOSEObjectType DPOP = new JOSEObjectType("dpop+jwt");

  private final ReplayCache replays;
  private final Clock clock;
  private final String tokenEndpoint;

  public DpopProofReplayFilter(ReplayCache replays, Clock clock, String tokenEndpoint) {
    this.replays = replays;
    this.clock = clock;
    this.tokenEndpoint = tokenEndpoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> proofs = Collections.list(request.getHeaders("DPoP"));
    if (proofs.size() != 1) {
      chain.doFilter(request, response); // none, or several: Spring refuses several
      return;
    }
    String key = replayKey(proofs.getFirst());
    if (key != null
        && !replays.firstUse(ReplayCache.Kind.DPOP_PROOF, key, clock.instant().plus(REMEMBERED))) {
      refuse(request, response);
      return;
    }
    chain.doFilter(request, response);
  }

  /** The proof's key thumbprint and {@code jti}, or {@code null} when it is not a valid proof. */
  static String replayKey(String proof) {
    try {
      SignedJWT jwt = SignedJWT.parse(proof);
      JWK jwk = jwt.getHeader().getJWK();
      String jti = jwt.getJWTClaimsSet().getJWTID();
      if (!DPOP.equals(jwt.getHeader().getType())
          || jwk == null
          || jwk.isPrivate()
          || !(jwk instanceof AsymmetricJWK asymmetric)
          || jti == null
          || jti.isBlank()) {
        return null;
      }
      JWSVerifier verifier =
          new DefaultJWSVerifierFactory()
              .createJWSVerifier(jwt.getHeader(), asymmetric.toPublicKey());
      if (!jwt.verify(verifier)) {
        return null;
      }
      return jwk.computeThumbprint() + " " + jti;
    } catch (ParseException | JOSEException | RuntimeException e) {
      return null; // not a proof we could check: Spring's own verification refuses it
    }
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String description = "The DPoP proof was used before";
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (request.getRequestURI().equals(request.getContextPath() + tokenEndpoint)) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response
          .getOutputStream()
          .write(
              ("{\"error\":\"invalid_dpop_proof\",\"error_description\":\"" + description + "\"}")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        "DPoP error=\"invalid_dpop_proof\", error_description=\"" + description + "\"");
  }
}
