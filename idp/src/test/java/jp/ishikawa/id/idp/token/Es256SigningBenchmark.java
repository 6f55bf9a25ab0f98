package jp.ishikawa.id.idp.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One ES256 signature as the IdP makes two per refresh grant (the access token and the ID token):
 * Nimbus's {@link ECDSASigner}, as Spring's {@code NimbusJwtEncoder} uses it, over a signing input
 * of a refresh's ID-token size, with the JDK's provider (what runs) or BouncyCastle's. For scale,
 * {@code openssl speed -seconds 2 ecdsap256} on the same machine.
 *
 * <pre>
 * idp/bench/run-jmh.sh Es256SigningBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Es256SigningBenchmark {

  /** {@code SunEC}: the JDK's (what the IdP uses); {@code BC}: BouncyCastle 1.87. */
  @Param({"SunEC", "BC"})
  public String provider;

  private ECDSASigner signer;
  private JWSHeader header;
  private byte[] signingInput;

  @Setup
  public void setUp() throws JOSEException {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
    signer = new ECDSASigner(key);
    if ("BC".equals(provider)) {
      signer.getJCAContext().setProvider(new BouncyCastleProvider());
    } else if (!"SunEC".equals(provider)) {
      throw new IllegalArgumentException("provider: SunEC or BC, not " + provider);
    }
    header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("bench").build();
    // A refresh's ID token: header + claims of about 300 bytes, base64url.
    signingInput =
        (header.toBase64URL()
                + "."
                + Base64URL.encode("x".repeat(300).getBytes(StandardCharsets.US_ASCII)))
            .getBytes(StandardCharsets.US_ASCII);
    Base64URL signature = signer.sign(header, signingInput);
    if (!new ECDSAVerifier(key.toPublicJWK()).verify(header, signingInput, signature)) {
      throw new IllegalStateException(provider + " made a signature that does not verify");
    }
  }

  @Benchmark
  public Base64URL sign() throws JOSEException {
    return signer.sign(header, signingInput);
  }
}
