package jp.ishikawa.id.idp.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.produce.JWSSignerFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider behind the IdP's own JWT signatures (access, ID and logout tokens) and their
 * checks at the userinfo endpoint and the management API: the Amazon Corretto Crypto Provider
 * (AWS-LC through JNI) where its native library loads, the JDK's otherwise. ES256 in the JDK signs
 * at a sixth and verifies at an eighth of AWS-LC's rate on the same core (docs/performance.md), and
 * a refresh grant makes two signatures.
 *
 * <p>Nothing else changes: the same keys, algorithms and JOSE checks (Nimbus's, with the provider
 * doing only the arithmetic). It is chosen once at start-up ({@code ishikawa-id.jose-provider}):
 *
 * <ul>
 *   <li>{@code auto} (default): the native provider if it loads (Linux x86-64 with a writable
 *       {@code java.io.tmpdir}, where it unpacks its library) and passes a cross-check against the
 *       JDK, else the JDK's, with a warning that says why;
 *   <li>{@code native}: the native provider or the IdP does not start;
 *   <li>{@code jdk}: the JDK's.
 * </ul>
 *
 * The cross-check signs with each side and verifies with the other, for ES256 and RS256, so a
 * provider that loads but computes wrongly is never used.
 */
public final class JoseProvider {

  private static final Logger log = LoggerFactory.getLogger(JoseProvider.class);

  private final Provider provider;
  private final String description;

  private JoseProvider(Provider provider, String description) {
    this.provider = provider;
    this.description = description;
  }

  /** The JDK's providers (what Nimbus picks with no provider set). */
  public static JoseProvider jdk() {
    return new JoseProvider(null, "the JDK's (SunEC, SunRsaSign)");
  }

  /**
   * @param setting {@code auto}, {@code native} or {@code jdk}
   * @throws IllegalArgumentException for any other setting
   * @throws IllegalStateException if {@code native} was asked for and cannot be had
   */
  public static JoseProvider choose(String setting) {
    return choose(setting, JoseProvider::nativeCheck);
  }

  /**
   * This JVM's one check: the library loads once, and its answer does not change. Null until {@link
   * #startNativeCheck} or the first {@link #choose} asks for it.
   */
  private static CompletableFuture<String> check;

  /**
   * Starts loading and cross-checking the native provider on a thread of its own (about 0.3 s of
   * one core, most of it unpacking and loading the library), so that it overlaps the rest of
   * start-up; {@link #choose} then waits for it. Not started when the arguments, a system property
   * or the environment ({@code ISHIKAWA_ID_JOSEPROVIDER}) already say {@code jdk}: the library is
   * then never loaded.
   *
   * @return whether the check was started (or had been already)
   */
  public static boolean startNativeCheck(String[] args) {
    String setting =
        System.getProperty("ishikawa-id.jose-provider", System.getenv("ISHIKAWA_ID_JOSEPROVIDER"));
    for (String arg : args) {
      if (arg.startsWith("--ishikawa-id.jose-provider=")) {
        setting = arg.substring(arg.indexOf('=') + 1);
      }
    }
    if (setting != null && setting.trim().equalsIgnoreCase("jdk")) {
      return false;
    }
    check(true);
    return true;
  }

  /** The answer of this JVM's check, made here and now if nothing started it. */
  private static String nativeCheck() {
    return check(false).join();
  }

  private static synchronized CompletableFuture<String> check(boolean inBackground) {
    if (check == null) {
      CompletableFuture<String> answer = new CompletableFuture<>();
      Runnable run =
          () -> {
            try {
              answer.complete(nativeUnavailable());
            } catch (Throwable e) {
              answer.complete("the check failed: " + e);
            }
          };
      check = answer;
      if (inBackground) {
        Thread thread = new Thread(run, "jose-provider-check");
        thread.setDaemon(true);
        thread.start();
      } else {
        run.run();
      }
    }
    return check;
  }

  /**
   * @param nativeUnavailable why the native provider cannot be used, or null if it can (asked only
   *     for {@code auto} and {@code native})
   */
  static JoseProvider choose(String setting, Supplier<String> nativeUnavailable) {
    String mode = Objects.requireNonNull(setting, "setting").trim().toLowerCase(Locale.ROOT);
    long started = System.nanoTime();
    JoseProvider chosen =
        switch (mode) {
          case "jdk" -> jdk();
          case "auto", "native" -> {
            String unavailable = nativeUnavailable.get();
            if (unavailable == null) {
              AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
              yield new JoseProvider(
                  accp,
                  "Amazon Corretto Crypto Provider "
                      + accp.getVersionStr()
                      + " ("
                      + accp.getAwsLcVersionStr()
                      + ")");
            }
            if (mode.equals("native")) {
              throw new IllegalStateException(
                  "ishikawa-id.jose-provider=native, but the native provider cannot be used: "
                      + unavailable);
            }
            log.warn(
                "JWT signatures use the JDK's provider: the native one cannot be used ({})",
                unavailable);
            yield jdk();
          }
          default ->
              throw new IllegalArgumentException(
                  "ishikawa-id.jose-provider must be auto, native or jdk, not " + setting);
        };
    log.info(
        "JWT signatures and their checks use {} (chosen in {} ms)",
        chosen.description,
        (System.nanoTime() - started) / 1_000_000);
    return chosen;
  }

  /**
   * The native provider if it loads and passes the cross-check, for other native work than the
   * IdP's own signatures (the load harness's simulated cards); logs nothing.
   */
  public static Optional<Provider> nativeIfUsable() {
    return nativeCheck() == null
        ? Optional.of(AmazonCorrettoCryptoProvider.INSTANCE)
        : Optional.empty();
  }

  /** Why the native provider cannot be used, or null if it can. */
  static String nativeUnavailable() {
    AmazonCorrettoCryptoProvider accp;
    try {
      accp = AmazonCorrettoCryptoProvider.INSTANCE;
    } catch (LinkageError e) {
      return "it does not load: " + e;
    }
    Throwable loading = accp.getLoadingError();
    if (loading != null) {
      return "its native library does not load: " + loading;
    }
    try {
      accp.assertHealthy();
      crossCheck(accp);
    } catch (GeneralSecurityException | RuntimeException e) {
      return "it fails a self-test: " + e;
    }
    return null;
  }

  /**
   * Signs with one side and verifies with the other, both ways, for ES256 and RS256; a signature
   * over other bytes must not verify.
   *
   * @throws GeneralSecurityException if any of it fails
   */
  static void crossCheck(Provider candidate) throws GeneralSecurityException {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", candidate);
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    crossCheck(candidate, "SHA256withECDSA", ec.generateKeyPair(), "SunEC");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", candidate);
    rsa.initialize(2048);
    crossCheck(candidate, "SHA256withRSA", rsa.generateKeyPair(), "SunRsaSign");
  }

  private static void crossCheck(Provider candidate, String algorithm, KeyPair keys, String jdk)
      throws GeneralSecurityException {
    byte[] message = "ishikawa-id jose provider self-test".getBytes(StandardCharsets.US_ASCII);
    byte[] other = "ishikawa-id jose provider self-test.".getBytes(StandardCharsets.US_ASCII);
    byte[] byCandidate = sign(Signature.getInstance(algorithm, candidate), keys, message);
    byte[] byJdk = sign(Signature.getInstance(algorithm, jdk), keys, message);
    if (!verify(Signature.getInstance(algorithm, jdk), keys, message, byCandidate)
        || !verify(Signature.getInstance(algorithm, candidate), keys, message, byJdk)
        || verify(Signature.getInstance(algorithm, candidate), keys, other, byJdk)
        || verify(Signature.getInstance(algorithm, jdk), keys, other, byCandidate)) {
      throw new GeneralSecurityException(algorithm + " does not agree with the JDK's " + jdk);
    }
  }

  private static byte[] sign(Signature signature, KeyPair keys, byte[] message)
      throws GeneralSecurityException {
    signature.initSign(keys.getPrivate());
    signature.update(message);
    return signature.sign();
  }

  private static boolean verify(Signature signature, KeyPair keys, byte[] message, byte[] value)
      throws GeneralSecurityException {
    signature.initVerify(keys.getPublic());
    signature.update(message);
    return signature.verify(value);
  }

  /** The provider, or null for the JDK's (Nimbus then asks the JCA for its default). */
  public Provider provider() {
    return provider;
  }

  /** True if the native provider was chosen. */
  public boolean isNative() {
    return provider != null;
  }

  /** For logs and the docs' tables: which provider, with its version. */
  public String description() {
    return description;
  }

  /** Nimbus's signer factory with this provider. */
  public JWSSignerFactory signers() {
    DefaultJWSSignerFactory factory = new DefaultJWSSignerFactory();
    factory.getJCAContext().setProvider(provider);
    return factory;
  }

  /** Nimbus's verifier factory with this provider. */
  public JWSVerifierFactory verifiers() {
    DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
    factory.getJCAContext().setProvider(provider);
    return factory;
  }
}
