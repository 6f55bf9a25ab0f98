package jp.ishikawa.id.idp.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyPairGeneratorSpi;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class JoseProviderTests {

  private static final boolean LINUX_X86_64 =
      System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
          && System.getProperty("os.arch").matches("amd64|x86_64");

  @Test
  void chooseWhenAutoOnLinuxX8664ThenNative() {
    JoseProvider chosen = JoseProvider.choose("auto");

    // The provider's jar carries the Linux x86-64 library only: elsewhere auto means the JDK's.
    assertThat(chosen.isNative()).as(chosen.description()).isEqualTo(LINUX_X86_64);
    if (LINUX_X86_64) {
      assertThat(chosen.provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
      assertThat(chosen.description()).startsWith("Amazon Corretto Crypto Provider 2.");
    }
  }

  @Test
  void nativeIfUsableWhenLinuxX8664ThenTheNativeProvider() {
    assertThat(JoseProvider.nativeIfUsable().map(Provider::getName))
        .isEqualTo(
            LINUX_X86_64
                ? java.util.Optional.of("AmazonCorrettoCryptoProvider")
                : java.util.Optional.empty());
  }

  @Test
  void startNativeCheckWhenArgumentSaysJdkThenNotStarted() {
    assertThat(JoseProvider.startNativeCheck(new String[] {"--ishikawa-id.jose-provider=jdk"}))
        .isFalse();
  }

  @Test
  void startNativeCheckWhenStartedThenChooseWaitsForItsAnswer() {
    assertThat(JoseProvider.startNativeCheck(new String[] {"--server.port=0"})).isTrue();

    assertThat(JoseProvider.choose("auto").isNative()).isEqualTo(LINUX_X86_64);
  }

  @Test
  void chooseWhenJdkThenNoProvider() {
    JoseProvider chosen = JoseProvider.choose("jdk");

    assertThat(chosen.isNative()).isFalse();
    assertThat(chosen.provider()).isNull();
  }

  @Test
  void chooseWhenAutoAndNativeUnavailableThenJdk() {
    JoseProvider chosen = JoseProvider.choose("auto", () -> "no library here");

    assertThat(chosen.isNative()).isFalse();
  }

  @Test
  void chooseWhenNativeRequiredAndUnavailableThenRefusedToStart() {
    assertThatThrownBy(() -> JoseProvider.choose("native", () -> "no library here"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no library here");
  }

  @Test
  void chooseWhenUnknownSettingThenRefused() {
    assertThatThrownBy(() -> JoseProvider.choose("openssl", () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, native or jdk");
  }

  @Test
  void nativeSignaturesVerifyWithTheJdkAndTheOtherWayRound() throws Exception {
    JoseProvider chosen = JoseProvider.choose("auto");
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
    JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
    byte[] input = "header.claims".getBytes(StandardCharsets.US_ASCII);
    JWSSigner signer = chosen.signers().createJWSSigner(key, JWSAlgorithm.ES256);
    JWSVerifier verifier = chosen.verifiers().createJWSVerifier(header, key.toECPublicKey());

    assertThat(((ECDSASigner) signer).getJCAContext().getProvider()).isEqualTo(chosen.provider());
    assertThat(((ECDSAVerifier) verifier).getJCAContext().getProvider())
        .isEqualTo(chosen.provider());
    Base64URL signature = signer.sign(header, input);
    assertThat(new ECDSAVerifier(key.toPublicJWK()).verify(header, input, signature)).isTrue();
    assertThat(verifier.verify(header, input, new ECDSASigner(key).sign(header, input))).isTrue();
    assertThat(
            verifier.verify(header, "header.other".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
  }

  @Test
  void crossCheckWhenProviderSignsWrongThenRefused() {
    assertThatThrownBy(() -> JoseProvider.crossCheck(new Lying(Lie.CORRUPT_SIGNATURES)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void crossCheckWhenProviderAcceptsAnySignatureThenRefused() {
    assertThatThrownBy(() -> JoseProvider.crossCheck(new Lying(Lie.ACCEPT_ANYTHING)))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("does not agree");
  }

  @Test
  void crossCheckWhenProviderHonestThenPasses() throws Exception {
    // The same wrapper with no lie: so the two refusals above come from the lies alone.
    JoseProvider.crossCheck(new Lying(Lie.NONE));
  }

  private enum Lie {
    NONE,
    CORRUPT_SIGNATURES,
    ACCEPT_ANYTHING
  }

  /** The JDK's algorithms behind a provider that may lie about signatures. */
  private static final class Lying extends Provider {

    Lying(Lie lie) {
      super("Lying", "1", "test provider");
      for (String[] algorithm :
          new String[][] {
            {"SHA256withECDSA", "EC", "SunEC"}, {"SHA256withRSA", "RSA", "SunRsaSign"}
          }) {
        putService(
            new Service(this, "Signature", algorithm[0], Lying.class.getName(), null, null) {
              @Override
              public Object newInstance(Object parameter) {
                return new LyingSignature(algorithm[0], algorithm[2], lie);
              }
            });
        putService(
            new Service(this, "KeyPairGenerator", algorithm[1], Lying.class.getName(), null, null) {
              @Override
              public Object newInstance(Object parameter) {
                return new JdkKeyPairs(algorithm[1], algorithm[2]);
              }
            });
      }
    }
  }

  private static final class JdkKeyPairs extends KeyPairGeneratorSpi {
    private final KeyPairGenerator jdk;

    JdkKeyPairs(String algorithm, String provider) {
      try {
        jdk = KeyPairGenerator.getInstance(algorithm, provider);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
      jdk.initialize(keysize, random);
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) {
      try {
        jdk.initialize(params, random);
      } catch (GeneralSecurityException e) {
        throw new InvalidParameterException(e.getMessage());
      }
    }

    @Override
    public KeyPair generateKeyPair() {
      return jdk.generateKeyPair();
    }
  }

  private static final class LyingSignature extends SignatureSpi {
    private final Signature jdk;
    private final Lie lie;

    LyingSignature(String algorithm, String provider, Lie lie) {
      try {
        jdk = Signature.getInstance(algorithm, provider);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      this.lie = lie;
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      jdk.initVerify(publicKey);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
      jdk.initSign(privateKey);
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
      jdk.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
      jdk.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
      byte[] signature = jdk.sign();
      if (lie == Lie.CORRUPT_SIGNATURES) {
        signature[signature.length - 1] ^= 0x01;
      }
      return signature;
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
      boolean valid = jdk.verify(sigBytes);
      return lie == Lie.ACCEPT_ANYTHING || valid;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      throw new UnsupportedOperationException();
    }
  }
}
