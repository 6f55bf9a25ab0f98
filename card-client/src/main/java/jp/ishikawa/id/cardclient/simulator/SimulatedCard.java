package jp.ishikawa.id.cardclient.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import jp.ishikawa.id.cardclient.apdu.ApduChannel;
import jp.ishikawa.id.cardclient.apdu.ChannelException;
import jp.ishikawa.id.cardclient.apdu.CommandApdu;
import jp.ishikawa.id.cardclient.apdu.ResponseApdu;
import jp.ishikawa.id.cardclient.apdu.StatusWord;
import jp.ishikawa.id.cardclient.card.CardSlot;
import jp.ishikawa.id.cardclient.card.JpkiCard;
import jp.ishikawa.id.cardclient.card.KeyRole;

/**
 * An APDU-level emulator of the JPKI application (JPKI.md §1), so that tests and demos run the same
 * code path as a real card: the same commands and status words, PIN and password counters with
 * lock-out, the signature certificate readable only after the password, and signatures made the way
 * the card makes them (PKCS#1 v1.5 over whatever DigestInfo is sent).
 *
 * <p>Behaviour where a real card's is not public, chosen to fail closed and documented in the
 * module README: re-selecting the application clears the verified state; a VERIFY whose PIN length
 * cannot be right ({@code 4} for the PIN, {@code 6–16} for the password) answers {@code 67 00}
 * without costing a try; the try that locks a key answers {@code 63 C0} and later ones {@code 69
 * 83}. The counter is decremented and persisted before the PIN is compared, as cards do, so losing
 * power mid-command never gives a free try; if it cannot be persisted nothing is compared.
 */
public final class SimulatedCard implements ApduChannel {

  private static final int LABEL_FILE_LENGTH = 32;

  private final CardContents contents;
  private final Consumer<TriesLeft> persistence;
  private final Map<CardSlot, byte[]> readable = new EnumMap<>(CardSlot.class);
  private final Set<KeyRole> verified = EnumSet.noneOf(KeyRole.class);
  private TriesLeft tries;
  private boolean present = true;
  private boolean applicationSelected;
  private CardSlot current;
  private java.security.Provider rsaProvider;

  private SimulatedCard(CardContents contents, TriesLeft initial, Consumer<TriesLeft> persistence) {
    this.contents = Objects.requireNonNull(contents);
    this.tries = Objects.requireNonNull(initial);
    this.persistence = Objects.requireNonNull(persistence);
    readable.put(CardSlot.AUTHENTICATION_CERTIFICATE, der(contents.authenticationCertificate()));
    readable.put(CardSlot.AUTHENTICATION_CA_CERTIFICATE, der(contents.authenticationCa()));
    if (contents.hasSignature()) {
      readable.put(CardSlot.SIGNATURE_CERTIFICATE, der(contents.signatureCertificate()));
      readable.put(CardSlot.SIGNATURE_CA_CERTIFICATE, der(contents.signatureCa()));
    }
    byte[] label = new byte[LABEL_FILE_LENGTH];
    Arrays.fill(label, (byte) 0x20);
    byte[] text = contents.tokenLabel().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, label, 0, text.length);
    readable.put(CardSlot.TOKEN_INFO, label);
  }

  /** A fresh card in memory: full counters, nothing persisted. */
  public static SimulatedCard of(CardContents contents) {
    return new SimulatedCard(contents, TriesLeft.full(), tries -> {});
  }

  /**
   * A card whose counters start at {@code initial} and are handed to {@code persistence} whenever
   * they change (before the PIN is compared). {@code persistence} may throw {@link
   * java.io.UncheckedIOException}: the command then fails without comparing anything.
   */
  public static SimulatedCard of(
      CardContents contents, TriesLeft initial, Consumer<TriesLeft> persistence) {
    return new SimulatedCard(contents, initial, persistence);
  }

  /**
   * The JCA provider of this card's RSA operation (PKCS#1 v1.5 type 1 padding and RSA with the
   * private key), instead of the JDK's default: the IdP's load harness runs thousands of simulated
   * cards in the IdP's own JVM and gives them a native provider, so that the card's arithmetic,
   * which a real card does on its chip, takes less of the machine being measured. The signature is
   * the same (the padding is deterministic).
   */
  public SimulatedCard withRsaProvider(java.security.Provider provider) {
    this.rsaProvider = Objects.requireNonNull(provider);
    return this;
  }

  public CardContents contents() {
    return contents;
  }

  public synchronized TriesLeft triesLeft() {
    return tries;
  }

  /** Takes the card off the reader: every command fails until {@link #insert()}. */
  public synchronized void remove() {
    present = false;
    resetSession();
  }

  /** Puts the card back: a new session, nothing selected or verified. */
  public synchronized void insert() {
    present = true;
    resetSession();
  }

  @Override
  public synchronized ResponseApdu transmit(CommandApdu command) throws ChannelException {
    if (!present) {
      throw new ChannelException(
          ChannelException.Kind.CARD_REMOVED, "the simulated card is not on the reader");
    }
    int cla = command.cla();
    int ins = command.ins();
    if (cla != 0x00 && cla != 0x80) {
      return ResponseApdu.status(StatusWord.CLA_NOT_SUPPORTED);
    }
    if (cla == 0x00 && ins == 0xa4) {
      return select(command);
    }
    if (cla == 0x00 && ins == 0xb0) {
      return readBinary(command);
    }
    if (cla == 0x00 && ins == 0x20) {
      return verify(command);
    }
    if (cla == 0x80 && ins == 0x2a) {
      return sign(command);
    }
    return ResponseApdu.status(StatusWord.INS_NOT_SUPPORTED);
  }

  private ResponseApdu select(CommandApdu command) {
    if (command.p1() == 0x04) {
      if (command.p2() != 0x0c && command.p2() != 0x00) {
        return ResponseApdu.status(StatusWord.WRONG_P1_P2);
      }
      if (!command.hasData()) {
        return ResponseApdu.status(StatusWord.WRONG_LENGTH);
      }
      if (!Arrays.equals(command.data(), JpkiCard.aid())) {
        return ResponseApdu.status(StatusWord.FILE_NOT_FOUND);
      }
      resetSession();
      applicationSelected = true;
      return ResponseApdu.status(StatusWord.SUCCESS);
    }
    if (command.p1() == 0x02) {
      if (command.p2() != 0x0c && command.p2() != 0x00) {
        return ResponseApdu.status(StatusWord.WRONG_P1_P2);
      }
      if (command.dataLength() != 2) {
        return ResponseApdu.status(StatusWord.WRONG_LENGTH);
      }
      byte[] fid = command.data();
      CardSlot slot = CardSlot.byFileId(((fid[0] & 0xff) << 8) | (fid[1] & 0xff)).orElse(null);
      if (!applicationSelected || slot == null || !exists(slot)) {
        return ResponseApdu.status(StatusWord.FILE_NOT_FOUND);
      }
      current = slot;
      return ResponseApdu.status(StatusWord.SUCCESS);
    }
    return ResponseApdu.status(StatusWord.WRONG_P1_P2);
  }

  private ResponseApdu readBinary(CommandApdu command) {
    if (command.hasData() || !command.hasLe()) {
      return ResponseApdu.status(StatusWord.WRONG_LENGTH);
    }
    if ((command.p1() & 0x80) != 0) {
      // A short file identifier in P1: JPKI clients select the file instead.
      return ResponseApdu.status(StatusWord.WRONG_P1_P2);
    }
    if (current == null) {
      return ResponseApdu.status(StatusWord.NO_CURRENT_FILE);
    }
    byte[] file = readable.get(current);
    if (file == null) {
      return ResponseApdu.status(StatusWord.INCOMPATIBLE_FILE);
    }
    if (current == CardSlot.SIGNATURE_CERTIFICATE && !verified.contains(KeyRole.SIGNATURE)) {
      return ResponseApdu.status(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    }
    int offset = (command.p1() << 8) | command.p2();
    if (offset >= file.length) {
      return ResponseApdu.status(StatusWord.WRONG_OFFSET);
    }
    int count = Math.min(command.ne(), file.length - offset);
    byte[] data = Arrays.copyOfRange(file, offset, offset + count);
    return ResponseApdu.of(
        data, count < command.ne() ? StatusWord.END_OF_FILE : StatusWord.SUCCESS);
  }

  private ResponseApdu verify(CommandApdu command) throws ChannelException {
    if (command.p1() != 0x00 || command.p2() != 0x80) {
      return ResponseApdu.status(StatusWord.WRONG_P1_P2);
    }
    if (current == null) {
      return ResponseApdu.status(StatusWord.NO_CURRENT_FILE);
    }
    KeyRole role = secretRole(current);
    if (role == null) {
      return ResponseApdu.status(StatusWord.INCOMPATIBLE_FILE);
    }
    int left = tries.of(role);
    if (!command.hasData()) {
      if (left == 0) {
        return ResponseApdu.status(StatusWord.AUTHENTICATION_BLOCKED);
      }
      return verified.contains(role)
          ? ResponseApdu.status(StatusWord.SUCCESS)
          : ResponseApdu.status(StatusWord.triesLeft(left));
    }
    if (!plausibleLength(role, command.dataLength())) {
      return ResponseApdu.status(StatusWord.WRONG_LENGTH);
    }
    if (left == 0) {
      return ResponseApdu.status(StatusWord.AUTHENTICATION_BLOCKED);
    }
    verified.remove(role);
    store(tries.with(role, left - 1));
    byte[] expected = secret(role).getBytes(StandardCharsets.US_ASCII);
    if (MessageDigest.isEqual(command.data(), expected)) {
      store(tries.with(role, role.maxTries()));
      verified.add(role);
      return ResponseApdu.status(StatusWord.SUCCESS);
    }
    return ResponseApdu.status(StatusWord.triesLeft(left - 1));
  }

  private ResponseApdu sign(CommandApdu command) throws ChannelException {
    if (command.p1() != 0x00 || command.p2() != 0x80) {
      return ResponseApdu.status(StatusWord.WRONG_P1_P2);
    }
    if (!command.hasData() || !command.hasLe() || command.dataLength() > 245) {
      return ResponseApdu.status(StatusWord.WRONG_LENGTH);
    }
    if (current == null) {
      return ResponseApdu.status(StatusWord.NO_CURRENT_FILE);
    }
    KeyRole role = keyRole(current);
    if (role == null) {
      return ResponseApdu.status(StatusWord.INCOMPATIBLE_FILE);
    }
    if (!verified.contains(role)) {
      return ResponseApdu.status(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    }
    PrivateKey key =
        role == KeyRole.AUTHENTICATION ? contents.authenticationKey() : contents.signatureKey();
    try {
      // What the card does: PKCS#1 v1.5 type 1 padding of the bytes sent, then RSA.
      Cipher rsa =
          rsaProvider == null
              ? Cipher.getInstance("RSA/ECB/PKCS1Padding")
              : Cipher.getInstance("RSA/ECB/PKCS1Padding", rsaProvider);
      rsa.init(Cipher.ENCRYPT_MODE, key);
      return ResponseApdu.of(rsa.doFinal(command.data()), StatusWord.SUCCESS);
    } catch (GeneralSecurityException e) {
      throw new ChannelException(
          ChannelException.Kind.TRANSPORT, "the simulated card could not sign", e);
    }
  }

  private void store(TriesLeft next) throws ChannelException {
    try {
      persistence.accept(next);
    } catch (java.io.UncheckedIOException e) {
      throw new ChannelException(
          ChannelException.Kind.TRANSPORT,
          "the simulated card could not record its retry counter",
          e);
    }
    tries = next;
  }

  private boolean exists(CardSlot slot) {
    return !slot.belongsToSignature() || contents.hasSignature();
  }

  private String secret(KeyRole role) {
    return role == KeyRole.AUTHENTICATION ? contents.pin() : contents.password();
  }

  private static boolean plausibleLength(KeyRole role, int length) {
    return role == KeyRole.AUTHENTICATION ? length == 4 : length >= 6 && length <= 16;
  }

  private static KeyRole secretRole(CardSlot slot) {
    for (KeyRole role : KeyRole.values()) {
      if (role.secret() == slot) {
        return role;
      }
    }
    return null;
  }

  private static KeyRole keyRole(CardSlot slot) {
    for (KeyRole role : KeyRole.values()) {
      if (role.key() == slot) {
        return role;
      }
    }
    return null;
  }

  private void resetSession() {
    applicationSelected = false;
    current = null;
    verified.clear();
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }

  @Override
  public String toString() {
    return "SimulatedCard[" + contents + "]";
  }
}
