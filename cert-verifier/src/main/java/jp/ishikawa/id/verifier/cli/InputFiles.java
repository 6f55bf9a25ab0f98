package jp.ishikawa.id.verifier.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the files an operator points the CLI at: certificates (PEM or DER), signatures (raw bytes,
 * or hex/base64/base64url text) and messages (byte for byte). Every problem is a {@link
 * CommandException} naming the option and the path.
 *
 * <p>How a signature file is read: if every byte is a base64 or base64url character ({@code A-Z a-z
 * 0-9 + / - _ =}) or white space, it is text: hex when it holds only hex digits (an even number),
 * otherwise base64 (or base64url when it uses {@code -} or {@code _}), padding optional. Any other
 * file is the raw signature. A binary RSA-2048 signature whose 256 bytes all happen to be such
 * characters has a probability of about 2^-500, so the guess is safe.
 */
final class InputFiles {

  /** Far above any certificate, signature or login message; stops a wrong file being slurped. */
  static final int MAX_INPUT_BYTES = 1024 * 1024;

  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private InputFiles() {}

  /** A certificate as the verifier takes it (DER), and the form it was read in. */
  record CertificateInput(byte[] der, String format, int count) {}

  /** The file's bytes, at most {@link #MAX_INPUT_BYTES}. */
  static byte[] read(String what, String location) throws CommandException {
    Path path = path(what, location);
    try {
      if (Files.isDirectory(path)) {
        throw new CommandException(what + " " + location + ": is a directory, not a file");
      }
      long size = Files.size(path);
      if (size > MAX_INPUT_BYTES) {
        throw new CommandException(
            what + " " + location + ": " + size + " bytes, more than " + MAX_INPUT_BYTES);
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CommandException(what + " " + location + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new CommandException(what + " " + location + ": permission denied", e);
    } catch (IOException e) {
      throw new CommandException(what + " " + location + ": cannot read: " + e.getMessage(), e);
    }
  }

  static Path path(String what, String location) throws CommandException {
    try {
      return Path.of(location);
    } catch (InvalidPathException e) {
      throw new CommandException(what + " " + location + ": not a valid path", e);
    }
  }

  /**
   * A certificate file: PEM is decoded to DER (every CERTIFICATE block, concatenated, so that a
   * file with two certificates is refused by the verifier's input check and not silently cut);
   * anything else is passed on unchanged for the verifier to judge.
   */
  static CertificateInput certificate(String what, String location) throws CommandException {
    byte[] bytes = read(what, location);
    if (!looksLikePem(bytes)) {
      return new CertificateInput(bytes, "DER", 1);
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    Matcher block = PEM_BLOCK.matcher(text);
    ByteArrayOutputStream der = new ByteArrayOutputStream();
    int blocks = 0;
    while (block.find()) {
      String label = block.group(1);
      if (!label.equals("CERTIFICATE") && !label.equals("X509 CERTIFICATE")) {
        continue;
      }
      try {
        der.writeBytes(Base64.getDecoder().decode(block.group(2).replaceAll("\\s", "")));
      } catch (IllegalArgumentException e) {
        throw new CommandException(
            what + " " + location + ": the PEM body is not valid base64: " + e.getMessage(), e);
      }
      blocks++;
    }
    if (blocks == 0) {
      throw new CommandException(what + " " + location + ": PEM without a CERTIFICATE block");
    }
    return new CertificateInput(der.toByteArray(), "PEM", blocks);
  }

  /** Whether the file starts, after white space, with a PEM boundary line. */
  static boolean looksLikePem(byte[] bytes) {
    int i = 0;
    // Skip a UTF-8 byte order mark and leading white space.
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    byte[] boundary = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    if (bytes.length - i < boundary.length) {
      return false;
    }
    for (int j = 0; j < boundary.length; j++) {
      if (bytes[i + j] != boundary[j]) {
        return false;
      }
    }
    return true;
  }

  /** A signature file: raw bytes, or hex/base64/base64url text (see the class documentation). */
  static byte[] signature(String what, String location) throws CommandException {
    byte[] bytes = read(what, location);
    StringBuilder text = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        continue;
      }
      if (!isBase64Character(c)) {
        return bytes;
      }
      text.append(c);
    }
    String encoded = text.toString();
    if (encoded.isEmpty()) {
      return new byte[0];
    }
    if (encoded.length() % 2 == 0 && encoded.chars().allMatch(InputFiles::isHexDigit)) {
      return HexFormat.of().parseHex(encoded);
    }
    boolean url = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0;
    boolean standard = encoded.indexOf('+') >= 0 || encoded.indexOf('/') >= 0;
    if (url && standard) {
      throw new CommandException(
          what + " " + location + ": text mixing base64 (+ /) and base64url (- _) characters");
    }
    try {
      return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new CommandException(
          what
              + " "
              + location
              + ": looks like "
              + (url ? "base64url" : "base64")
              + " text but does not decode: "
              + e.getMessage(),
          e);
    }
  }

  private static boolean isBase64Character(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '-'
        || c == '_'
        || c == '=';
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
