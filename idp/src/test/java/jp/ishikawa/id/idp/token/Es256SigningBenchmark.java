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
import java.security.Provider;
import java.util.concurrent.TimeUnit;
import jp.ishikawa.id.idp.crypto.JoseProvider;
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
 * One ES256 signature as the IdP makes two per refresh grant (the access token and the ID token),
 * and its check as the userinfo endpoint makes one per request: Nimbus's {@link ECDSASigner} and
 * {@link ECDSAVerifier}, as {@code SigningKeysJwtEncoder} and the userinfo decoder use them, over a
 * signing input of a refresh's ID-token size, with the JDK's provider, BouncyCastle's, or the
 * Amazon Corretto Crypto Provider (AWS-LC, what {@code crypto/JoseProvider} picks where it loads).
 * For scale, {@code openssl speed -seconds 2 ecdsap256} on the same machine.
 *
 * <pre>
 * idp/bench/run-jmh.sh Es256SigningBenchmark -f 2 -wi 4 -i 5 -w 2 -r 2 -jvmArgsAppend --enable-native-access=ALL-UNNAMED
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Es256SigningBenchmark {

  /**
   * {@code SunEC}: the JDK's; {@code BC}: BouncyCastle 1.87; {@code ACCP}: the Amazon Corretto
   * Crypto Provider.
   */
  @Param({"SunEC", "BC", "ACCP"})
  public String provider;

  private ECDSASigner signer;
  private ECDSAVerifier verifier;
  private Base64URL signature;
  private JWSHeader header;
  private byte[] signingInput;

  @Setup
  public void setUp() throws JOSEException {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
    signer = new ECDSASigner(key);
    verifier = new ECDSAVerifier(key.toPublicJWK());
    Provider chosen =
        switch (provider) {
          case "SunEC" -> null;
          case "BC" -> new BouncyCastleProvider();
          case "ACCP" ->
              JoseProvider.nativeIfUsable()
                  .orElseThrow(
                      () -> new IllegalStateException("the native provider does not load"));
          default ->
              throw new IllegalArgumentException("provider: SunEC, BC or ACCP, not " + provider);
        };
    signer.getJCAContext().setProvider(chosen);
    verifier.getJCAContext().setProvider(chosen);
    header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("bench").build();
    // A refresh's ID token: header + claims of about 300 bytes, base64url.
    signingInput =
        (header.toBase64URL()
                + "."
                + Base64URL.encode("x".repeat(300).getBytes(StandardCharsets.US_ASCII)))
            .getBytes(StandardCharsets.US_ASCII);
    signature = signer.sign(header, signingInput);
    if (!new ECDSAVerifier(key.toPublicJWK()).verify(header, signingInput, signature)
        || !verifier.verify(
            header, signingInput, new ECDSASigner(key).sign(header, signingInput))) {
      throw new IllegalStateException(provider + " does not agree with the JDK");
    }
  }

  @Benchmark
  public Base64URL sign() throws JOSEException {
    return signer.sign(header, signingInput);
  }

  @Benchmark
  public boolean verify() throws JOSEException {
    return verifier.verify(header, signingInput, signature);
  }
}
