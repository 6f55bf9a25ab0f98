package jp.ishikawa.id.cardclient.simulator;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import jp.ishikawa.id.cardclient.card.KeyRole;
import jp.ishikawa.id.verifier.testpki.IssuedCertificate;

/**
 * What a simulated card holds: the authentication key, certificate and CA certificate with the PIN,
 * optionally the same for the signature key with the password (face-authentication and under-15
 * cards have none), and the token label. Test material only: {@link #toString()} hides the secrets.
 *
 * @param authenticationCertificate EF 000A
 * @param authenticationKey EF 0017
 * @param authenticationCa EF 000B
 * @param signatureCertificate EF 0001, or null for a card without a signature certificate
 * @param signatureKey EF 001A, or null
 * @param signatureCa EF 0002, or null
 * @param pin EF 0018: 4 digits
 * @param password EF 001B: 6–16 upper-case letters and digits, or null
 * @param tokenLabel the first 32 bytes of EF 0006, ASCII
 */
public record CardContents(
    X509Certificate authenticationCertificate,
    PrivateKey authenticationKey,
    X509Certificate authenticationCa,
    X509Certificate signatureCertificate,
    PrivateKey signatureKey,
    X509Certificate signatureCa,
    String pin,
    String password,
    String tokenLabel) {

  /** The label of a simulated card: a card's {@code JPKIAPICCTOKEN2}, visibly marked TEST. */
  public static final String TEST_TOKEN_LABEL = "JPKIAPICCTOKEN2 TEST";

  public CardContents {
    Objects.requireNonNull(authenticationCertificate, "authenticationCertificate");
    Objects.requireNonNull(authenticationKey, "authenticationKey");
    Objects.requireNonNull(authenticationCa, "authenticationCa");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(tokenLabel, "tokenLabel");
    if (!KeyRole.AUTHENTICATION.acceptsForm(pin.toCharArray())) {
      throw new IllegalArgumentException("a card PIN is 4 digits");
    }
    boolean anySignature = signatureCertificate != null || signatureKey != null;
    if (anySignature) {
      Objects.requireNonNull(signatureCertificate, "signatureCertificate");
      Objects.requireNonNull(signatureKey, "signatureKey");
      Objects.requireNonNull(signatureCa, "signatureCa");
      Objects.requireNonNull(password, "password");
      if (!KeyRole.SIGNATURE.acceptsForm(password.toCharArray())) {
        throw new IllegalArgumentException(
            "a signature password is 6-16 upper-case letters and digits");
      }
    } else if (password != null) {
      throw new IllegalArgumentException("a card without a signature certificate has no password");
    }
    byte[] label = tokenLabel.getBytes(StandardCharsets.US_ASCII);
    if (label.length > 32 || !tokenLabel.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("a token label is at most 32 printable ASCII characters");
    }
  }

  /** A card with only the authentication certificate, labelled {@value #TEST_TOKEN_LABEL}. */
  public static CardContents authenticationOnly(
      IssuedCertificate authentication, X509Certificate authenticationCa, String pin) {
    return new CardContents(
        authentication.certificate(),
        authentication.keyPair().getPrivate(),
        authenticationCa,
        null,
        null,
        null,
        pin,
        null,
        TEST_TOKEN_LABEL);
  }

  /** This card with a signature certificate, its key, its CA certificate and the password. */
  public CardContents withSignature(
      IssuedCertificate signature, X509Certificate newSignatureCa, String newPassword) {
    return new CardContents(
        authenticationCertificate,
        authenticationKey,
        authenticationCa,
        signature.certificate(),
        signature.keyPair().getPrivate(),
        newSignatureCa,
        pin,
        newPassword,
        tokenLabel);
  }

  public CardContents withTokenLabel(String newTokenLabel) {
    return new CardContents(
        authenticationCertificate,
        authenticationKey,
        authenticationCa,
        signatureCertificate,
        signatureKey,
        signatureCa,
        pin,
        password,
        newTokenLabel);
  }

  public boolean hasSignature() {
    return signatureCertificate != null;
  }

  @Override
  public String toString() {
    return "CardContents[signature="
        + hasSignature()
        + ", label="
        + tokenLabel
        + ", secrets hidden]";
  }
}
