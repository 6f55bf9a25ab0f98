package jp.ishikawa.id.cardclient.card;

import java.util.Optional;

/** The elementary files of the JPKI application (JPKI.md §1), by file identifier. */
public enum CardSlot {
  /** EF 000A: the user-authentication certificate, readable without the PIN on a card. */
  AUTHENTICATION_CERTIFICATE(0x000a),
  /** EF 000B: the authentication CA's certificate (never a trust anchor). */
  AUTHENTICATION_CA_CERTIFICATE(0x000b),
  /** EF 0001: the signature certificate, readable only after the signature password. */
  SIGNATURE_CERTIFICATE(0x0001),
  /** EF 0002: the signature CA's certificate. */
  SIGNATURE_CA_CERTIFICATE(0x0002),
  /** EF 0017: the authentication key. */
  AUTHENTICATION_KEY(0x0017),
  /** EF 0018: the authentication PIN (4 digits, 3 tries). */
  AUTHENTICATION_PIN(0x0018),
  /** EF 001A: the signature key. */
  SIGNATURE_KEY(0x001a),
  /** EF 001B: the signature password (6–16 upper-case letters and digits, 5 tries). */
  SIGNATURE_PASSWORD(0x001b),
  /** EF 0006: token information; its first 32 bytes are the token label. */
  TOKEN_INFO(0x0006);

  private final int fileId;

  CardSlot(int fileId) {
    this.fileId = fileId;
  }

  public int fileId() {
    return fileId;
  }

  /** The two-byte identifier as SELECT EF carries it. */
  public byte[] fileIdBytes() {
    return new byte[] {(byte) (fileId >> 8), (byte) fileId};
  }

  public static Optional<CardSlot> byFileId(int fileId) {
    for (CardSlot slot : values()) {
      if (slot.fileId == fileId) {
        return Optional.of(slot);
      }
    }
    return Optional.empty();
  }

  /** Whether the file only exists on cards that carry a signature certificate. */
  public boolean belongsToSignature() {
    return this == SIGNATURE_CERTIFICATE
        || this == SIGNATURE_CA_CERTIFICATE
        || this == SIGNATURE_KEY
        || this == SIGNATURE_PASSWORD;
  }
}
