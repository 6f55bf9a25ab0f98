package jp.ishikawa.id.cardclient.testing;

import java.time.LocalDate;
import java.util.List;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;

/**
 * One test PKI and two issued cards per test JVM: RSA key generation costs ~100 ms a key, and the
 * tests only need fresh counters, which every {@code SimulatedCard.of(contents)} has.
 */
public final class Cards {

  private static TestPki pki;
  private static CardContents full;
  private static CardContents authenticationOnly;

  private Cards() {}

  public static synchronized TestPki pki() {
    if (pki == null) {
      pki = TestPki.create(TestPki.options().generations(List.of(LocalDate.of(2023, 7, 16))));
    }
    return pki;
  }

  /** Authentication and signature certificates, PIN 1234, password TESTCARD1. */
  public static synchronized CardContents full() {
    if (full == null) {
      full = TestCards.issue(pki(), TestFacts.defaults());
    }
    return full;
  }

  /** A face-authentication or under-15 card: no signature certificate. */
  public static synchronized CardContents authenticationOnly() {
    if (authenticationOnly == null) {
      authenticationOnly = TestCards.issue(pki());
    }
    return authenticationOnly;
  }
}
