package jp.ishikawa.id.cardclient.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;

/**
 * Issues simulated cards from cert-verifier's test PKI, for this module's CLI and tests and for
 * other modules' tests and demos. Every card is a test card: its certificates come from the {@code
 * JPKI-TEST} roots (or whatever roots are given) and its token label is {@value
 * CardContents#TEST_TOKEN_LABEL}.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * SimulatedCard card = SimulatedCard.of(TestCards.issue(pki, TestFacts.defaults()));
 * // PIN TestCards.DEFAULT_PIN, password TestCards.DEFAULT_PASSWORD
 * }</pre>
 */
public final class TestCards {

  /** The PIN of cards issued without one. */
  public static final String DEFAULT_PIN = "1234";

  /** The signature password of cards issued without one. */
  public static final String DEFAULT_PASSWORD = "TESTCARD1";

  private static final String DIGITS = "0123456789";
  private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  /**
   * The secrets of an issued test card.
   *
   * @param pin the 4-digit PIN
   * @param password the signature password, or null for a card without a signature certificate
   */
  public record Credentials(String pin, String password) {
    @Override
    public String toString() {
      return "Credentials[hidden]";
    }
  }

  private TestCards() {}

  /**
   * A card with an authentication certificate of {@code pki}'s newest root and {@link
   * #DEFAULT_PIN}.
   */
  public static CardContents issue(TestPki pki) {
    return issue(pki, pki.newestRoot(Purpose.LOGIN), null, null, DEFAULT_PIN, null);
  }

  /**
   * A card with both certificates of {@code pki}'s newest roots, the signature one carrying {@code
   * facts} ({@link TestFacts#defaults()} if null), {@link #DEFAULT_PIN} and {@link
   * #DEFAULT_PASSWORD}.
   */
  public static CardContents issue(TestPki pki, TestFacts facts) {
    return issue(
        pki,
        pki.newestRoot(Purpose.LOGIN),
        pki.newestRoot(Purpose.IDENTITY),
        facts,
        DEFAULT_PIN,
        DEFAULT_PASSWORD);
  }

  /**
   * A card issued by {@code pki} under the given roots.
   *
   * @param signatureRoot null for a card without a signature certificate (face authentication,
   *     under 15)
   * @param facts the basic facts of the signature certificate; null for the defaults
   * @param password required when {@code signatureRoot} is given
   */
  public static CardContents issue(
      TestPki pki,
      TestRoot authenticationRoot,
      TestRoot signatureRoot,
      TestFacts facts,
      String pin,
      String password) {
    Objects.requireNonNull(authenticationRoot, "authenticationRoot");
    IssuedCertificate authentication =
        pki.issue(LeafSpec.authentication().issuer(authenticationRoot));
    CardContents contents =
        CardContents.authenticationOnly(authentication, authenticationRoot.certificate(), pin);
    if (signatureRoot == null) {
      return contents;
    }
    LeafSpec spec = LeafSpec.signature().issuer(signatureRoot);
    if (facts != null) {
      spec.facts(facts);
    }
    return contents.withSignature(pki.issue(spec), signatureRoot.certificate(), password);
  }

  /**
   * Issues a card under the given roots and writes it as a {@link TestCardFile}: what an IdP demo
   * calls to make card files for its own test PKI.
   *
   * @param signatureRoot null for a card without a signature certificate
   * @param facts null for {@link TestFacts#defaults()}
   * @param pin null for a random one
   * @param password null for a random one (ignored without {@code signatureRoot})
   * @return the PIN and password written
   */
  public static Credentials write(
      Path out,
      TestRoot authenticationRoot,
      TestRoot signatureRoot,
      TestFacts facts,
      String pin,
      String password)
      throws IOException {
    return write(
        out,
        issuingPki(authenticationRoot),
        authenticationRoot,
        signatureRoot,
        facts,
        pin,
        password);
  }

  /**
   * As {@link #write(Path, TestRoot, TestRoot, TestFacts, String, String)}, issuing with {@code
   * pki}.
   */
  public static Credentials write(
      Path out,
      TestPki pki,
      TestRoot authenticationRoot,
      TestRoot signatureRoot,
      TestFacts facts,
      String pin,
      String password)
      throws IOException {
    SecureRandom random = new SecureRandom();
    String cardPin = pin != null ? pin : randomPin(random);
    String cardPassword =
        signatureRoot == null ? null : password != null ? password : randomPassword(random);
    CardContents contents =
        issue(pki, authenticationRoot, signatureRoot, facts, cardPin, cardPassword);
    TestCardFile.write(out, contents);
    return new Credentials(cardPin, cardPassword);
  }

  /** A random 4-digit PIN. */
  public static String randomPin(SecureRandom random) {
    StringBuilder pin = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      pin.append(DIGITS.charAt(random.nextInt(DIGITS.length())));
    }
    return pin.toString();
  }

  /** A random 8-character password of upper-case letters and digits (no 0/O, 1/I look-alikes). */
  public static String randomPassword(SecureRandom random) {
    StringBuilder password = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    String value = password.toString();
    if (!KeyRole.SIGNATURE.acceptsForm(value.toCharArray())) {
      throw new IllegalStateException("generated password breaks the card's rules");
    }
    return value;
  }

  /**
   * A test PKI to issue under roots read from elsewhere: {@link LeafSpec#issuer} names the real
   * issuer, so this PKI's own (one-generation) roots only cost their key generation. Its
   * organisation follows the root's, so that the CRL distribution point names match.
   */
  static TestPki issuingPki(TestRoot authenticationRoot) {
    boolean test = JpkiNames.isTestName(authenticationRoot.certificate().getSubjectX500Principal());
    LocalDate start =
        authenticationRoot
            .certificate()
            .getNotBefore()
            .toInstant()
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    return TestPki.create(
        TestPki.options()
            .organisation(test ? JpkiNames.TEST_ORGANISATION : JpkiNames.ORGANISATION)
            .generations(List.of(start)));
  }
}
