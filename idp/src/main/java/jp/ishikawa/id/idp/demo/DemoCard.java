package jp.ishikawa.id.idp.demo;

import java.nio.file.Path;

/**
 * One of demo mode's simulated My Number cards, as the pages show it: fictitious test cards, so
 * their PIN and password are printed on the page next to the button that taps them.
 *
 * @param name {@code with-signature} or {@code without-signature}
 * @param file the card file (card-client's simulated card format)
 * @param pin the authentication PIN (4 digits)
 * @param password the signature password, or null for a card without a signature certificate
 */
public record DemoCard(String name, Path file, String pin, String password) {

  public boolean hasSignature() {
    return password != null;
  }

  @Override
  public String toString() {
    return "DemoCard[" + name + "]";
  }
}
