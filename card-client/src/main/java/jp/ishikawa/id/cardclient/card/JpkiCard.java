package jp.ishikawa.id.cardclient.card;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.CommandApdu;
import jp.ishikawa.id.cardclient.apdu.ResponseApdu;
import jp.ishikawa.id.cardclient.apdu.StatusWord;

/**
 * The JPKI application of a My Number card over an {@link ApduChannel}, with exactly the commands
 * of JPKI.md §1: SELECT the application and its files, READ BINARY the certificates (DER header
 * first, then the rest in chunks), VERIFY the PIN or password (without data it only reports the
 * tries left), and SIGN a DigestInfo with the selected key.
 *
 * <p>Every status word becomes a {@link CardAccessException} with a stable code and a resident's
 * sentence. Two rules protect the resident's card: a PIN or password of the wrong form is never
 * sent (it would cost a try for nothing), and when only one try is left nothing is sent unless the
 * resident confirmed it ({@link #verify}).
 */
public final class JpkiCard {

  private static final byte[] AID = HexFormat.of().parseHex("d392f000260100000001");
  private static final byte[] SHA256_DIGEST_INFO_PREFIX =
      HexFormat.of().parseHex("3031300d060960864801650304020105000420");

  /** Real certificates are about 1.5 KB; anything past this is not a JPKI certificate. */
  static final int MAX_CERTIFICATE_LENGTH = 8192;

  /** Bytes asked for per READ BINARY: the largest Le every reader handles in a short APDU. */
  static final int READ_CHUNK = 0xff;

  /** Largest DigestInfo a 2048-bit key can PKCS#1-pad (256 - 11). */
  static final int MAX_DIGEST_INFO = 245;

  private static final int SIGNATURE_LENGTH = 256;
  private static final int TOKEN_LABEL_LENGTH = 32;

  private final ApduChannel channel;

  private JpkiCard(ApduChannel channel) {
    this.channel = channel;
  }

  /**
   * Selects the JPKI application ({@code 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01}).
   *
   * @throws CardAccessException {@code not_jpki_card} when the card has no JPKI application, or a
   *     transport error
   */
  public static JpkiCard select(ApduChannel channel) throws CardAccessException {
    ResponseApdu response = send(channel, CommandApdu.of(0x00, 0xa4, 0x04, 0x0c, AID));
    if (response.isSuccess()) {
      return new JpkiCard(channel);
    }
    if (response.sw() == StatusWord.FILE_NOT_FOUND) {
      throw new CardAccessException(CardError.NOT_JPKI_CARD, null, -1, response.sw());
    }
    throw statusError(response.sw(), null);
  }

  /** The application identifier of JPKI-AP. */
  public static byte[] aid() {
    return AID.clone();
  }

  /** The DER bytes of the certificate of {@code role}; the signature one needs VERIFY first. */
  public byte[] certificate(KeyRole role) throws CardAccessException {
    return readCertificate(role.certificate());
  }

  /** The DER bytes of the CA certificate the card carries for {@code role}. */
  public byte[] caCertificate(KeyRole role) throws CardAccessException {
    return readCertificate(role.caCertificate());
  }

  /**
   * Reads a certificate file: the first 4 bytes give the DER length, the rest follows in chunks of
   * at most {@value #READ_CHUNK} bytes.
   */
  public byte[] readCertificate(CardSlot slot) throws CardAccessException {
    selectFile(slot);
    byte[] head = readBinary(0, 4);
    if (head.length < 2 || head[0] != 0x30) {
      throw CardAccessException.of(CardError.MALFORMED_CARD_DATA);
    }
    int first = head[1] & 0xff;
    int headerLength;
    int length;
    if (first < 0x80) {
      headerLength = 2;
      length = first;
    } else if (first == 0x81 && head.length >= 3) {
      headerLength = 3;
      length = head[2] & 0xff;
    } else if (first == 0x82 && head.length >= 4) {
      headerLength = 4;
      length = ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    } else {
      throw CardAccessException.of(CardError.MALFORMED_CARD_DATA);
    }
    int total = headerLength + length;
    if (total > MAX_CERTIFICATE_LENGTH) {
      throw CardAccessException.of(CardError.MALFORMED_CARD_DATA);
    }
    ByteArrayOutputStream der = new ByteArrayOutputStream(total);
    der.write(head, 0, Math.min(head.length, total));
    while (der.size() < total) {
      byte[] chunk = readBinary(der.size(), Math.min(READ_CHUNK, total - der.size()));
      if (chunk.length == 0) {
        throw CardAccessException.of(CardError.MALFORMED_CARD_DATA);
      }
      der.write(chunk, 0, Math.min(chunk.length, total - der.size()));
    }
    return der.toByteArray();
  }

  /**
   * Whether the card carries a signature certificate: face-authentication cards and the cards of
   * under-15s do not ({@code 6A 82}). Needs no password.
   */
  public boolean hasSignatureCertificate() throws CardAccessException {
    ResponseApdu response = selectFileResponse(CardSlot.SIGNATURE_CERTIFICATE);
    if (response.isSuccess()) {
      return true;
    }
    if (response.sw() == StatusWord.FILE_NOT_FOUND) {
      return false;
    }
    throw statusError(response.sw(), KeyRole.SIGNATURE);
  }

  /**
   * How many tries the PIN or password of {@code role} has left: VERIFY without data answers {@code
   * 63 Cx}. Costs no try.
   */
  public PinStatus pinStatus(KeyRole role) throws CardAccessException {
    selectFile(role.secret());
    ResponseApdu response = send(channel, CommandApdu.of(0x00, 0x20, 0x00, 0x80));
    int sw = response.sw();
    if (response.isSuccess()) {
      return new PinStatus(role, role.maxTries(), true);
    }
    if (StatusWord.isTriesLeft(sw)) {
      return new PinStatus(role, sw & 0x0f, false);
    }
    if (StatusWord.isBlocked(sw)) {
      return new PinStatus(role, 0, false);
    }
    throw statusError(sw, role);
  }

  /**
   * Verifies the PIN or password of {@code role}. In order: the form is checked (nothing is sent if
   * it is wrong), the tries left are read, a locked key stops here, and with one try left nothing
   * is sent unless {@code lastTryConfirmed}. The ASCII copy of the secret is wiped after sending;
   * {@code secret} itself belongs to the caller.
   *
   * @throws CardAccessException {@code invalid_pin_form}, {@code pin_blocked}, {@code
   *     last_try_not_confirmed}, {@code wrong_pin} with the tries left, or a card/transport error
   */
  public void verify(KeyRole role, char[] secret, boolean lastTryConfirmed)
      throws CardAccessException {
    if (!role.acceptsForm(secret)) {
      throw CardAccessException.of(CardError.INVALID_PIN_FORM, role);
    }
    PinStatus status = pinStatus(role);
    if (status.blocked()) {
      throw new CardAccessException(CardError.PIN_BLOCKED, role, 0, -1);
    }
    if (status.lastTry() && !lastTryConfirmed) {
      throw new CardAccessException(CardError.LAST_TRY_NOT_CONFIRMED, role, 1, -1);
    }
    byte[] ascii = new byte[secret.length];
    for (int i = 0; i < secret.length; i++) {
      ascii[i] = (byte) secret[i];
    }
    ResponseApdu response;
    try {
      response = send(channel, CommandApdu.of(0x00, 0x20, 0x00, 0x80, ascii));
    } finally {
      Arrays.fill(ascii, (byte) 0);
    }
    if (!response.isSuccess()) {
      throw statusError(response.sw(), role);
    }
  }

  /**
   * Has the key of {@code role} sign {@code digestInfo} ({@code 80 2A 00 80 Lc <DigestInfo> 00}):
   * the card PKCS#1 v1.5-pads it and applies RSA-2048. Needs a successful {@link #verify} first.
   *
   * @return the 256-byte signature
   */
  public byte[] sign(KeyRole role, byte[] digestInfo) throws CardAccessException {
    if (digestInfo.length == 0 || digestInfo.length > MAX_DIGEST_INFO) {
      throw new IllegalArgumentException("a DigestInfo is 1-" + MAX_DIGEST_INFO + " bytes");
    }
    selectFile(role.key());
    ResponseApdu response = send(channel, CommandApdu.of(0x80, 0x2a, 0x00, 0x80, digestInfo, 256));
    if (!response.isSuccess()) {
      throw statusError(response.sw(), role);
    }
    if (response.dataLength() != SIGNATURE_LENGTH) {
      throw CardAccessException.of(CardError.MALFORMED_CARD_DATA, role);
    }
    return response.data();
  }

  /** Signs the SHA-256 DigestInfo of {@code message}: what the server verifies as SHA256withRSA. */
  public byte[] signSha256(KeyRole role, byte[] message) throws CardAccessException {
    return sign(role, sha256DigestInfo(message));
  }

  /**
   * The token label: the first 32 bytes of EF 0006 without the space or zero padding ({@code
   * JPKIAPICCTOKEN2} on a card). Only a hint of what kind of token this is.
   */
  public String tokenLabel() throws CardAccessException {
    selectFile(CardSlot.TOKEN_INFO);
    byte[] info = readBinary(0, TOKEN_LABEL_LENGTH);
    int end = Math.min(info.length, TOKEN_LABEL_LENGTH);
    while (end > 0 && (info[end - 1] == 0x20 || info[end - 1] == 0x00)) {
      end--;
    }
    StringBuilder label = new StringBuilder(end);
    for (int i = 0; i < end; i++) {
      int c = info[i] & 0xff;
      label.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
    }
    return label.toString();
  }

  /**
   * {@code 30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20} + SHA-256({@code message}).
   */
  public static byte[] sha256DigestInfo(byte[] message) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] digestInfo = Arrays.copyOf(SHA256_DIGEST_INFO_PREFIX, 51);
    System.arraycopy(digest, 0, digestInfo, SHA256_DIGEST_INFO_PREFIX.length, digest.length);
    return digestInfo;
  }

  private void selectFile(CardSlot slot) throws CardAccessException {
    ResponseApdu response = selectFileResponse(slot);
    if (response.isSuccess()) {
      return;
    }
    if (response.sw() == StatusWord.FILE_NOT_FOUND) {
      throw new CardAccessException(
          slot.belongsToSignature() ? CardError.NO_SIGNATURE_CERTIFICATE : CardError.FILE_NOT_FOUND,
          slot.belongsToSignature() ? KeyRole.SIGNATURE : null,
          -1,
          response.sw());
    }
    throw statusError(response.sw(), null);
  }

  private ResponseApdu selectFileResponse(CardSlot slot) throws CardAccessException {
    return send(channel, CommandApdu.of(0x00, 0xa4, 0x02, 0x0c, slot.fileIdBytes()));
  }

  private byte[] readBinary(int offset, int ne) throws CardAccessException {
    if (offset > 0x7fff) {
      // P1 bit 8 set would mean a short file identifier, not an offset.
      throw CardAccessException.of(CardError.MALFORMED_CARD_DATA);
    }
    ResponseApdu response =
        send(channel, CommandApdu.of(0x00, 0xb0, offset >> 8, offset & 0xff, new byte[0], ne));
    if (!response.isSuccess() && response.sw() != StatusWord.END_OF_FILE) {
      throw statusError(response.sw(), null);
    }
    if (response.dataLength() > ne) {
      throw CardAccessException.of(CardError.MALFORMED_CARD_DATA);
    }
    return response.data();
  }

  private static ResponseApdu send(ApduChannel channel, CommandApdu command)
      throws CardAccessException {
    try {
      return channel.transmit(command);
    } catch (ChannelException e) {
      throw CardAccessException.of(e);
    }
  }

  private static CardAccessException statusError(int sw, KeyRole role) {
    if (StatusWord.isTriesLeft(sw)) {
      int left = sw & 0x0f;
      return new CardAccessException(
          left == 0 ? CardError.PIN_BLOCKED : CardError.WRONG_PIN, role, left, sw);
    }
    if (StatusWord.isBlocked(sw)) {
      return new CardAccessException(CardError.PIN_BLOCKED, role, 0, sw);
    }
    CardError error =
        switch (sw) {
          case StatusWord.WRONG_LENGTH -> CardError.WRONG_LENGTH;
          case StatusWord.SECURITY_STATUS_NOT_SATISFIED -> CardError.SECURITY_STATUS_NOT_SATISFIED;
          case StatusWord.INS_NOT_SUPPORTED, StatusWord.CLA_NOT_SUPPORTED ->
              CardError.NOT_SUPPORTED;
          case StatusWord.FILE_NOT_FOUND -> CardError.FILE_NOT_FOUND;
          default -> CardError.CARD_ERROR;
        };
    return new CardAccessException(error, role, -1, sw);
  }
}
