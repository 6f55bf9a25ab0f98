package jp.ishikawa.id.idp.load;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.LeafSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;

/**
 * Simulated cards for the harness, issued before any measurement: each card has its own
 * certificates (own serial, so its own credential binding) and its own basic facts (own name, so
 * registration creates a new Ishikawa ID instead of re-binding a renewed card), but the key pairs
 * come from a small pool. An RSA-2048 key generation costs 50–100 ms; the IdP binds certificates,
 * not keys, and verifies a shared key exactly as fast as a fresh one.
 */
public final class CardStock {

  private static final int KEY_PAIRS = 8;

  private final TestPki pki;
  private final TestRoot authenticationRoot;
  private final TestRoot signatureRoot;
  private final List<KeyPair> authenticationKeys = new ArrayList<>();
  private final List<KeyPair> signatureKeys = new ArrayList<>();
  private final AtomicLong issued = new AtomicLong();

  public CardStock(TestPki pki) {
    this.pki = pki;
    this.authenticationRoot = pki.newestRoot(Purpose.LOGIN);
    this.signatureRoot = pki.newestRoot(Purpose.IDENTITY);
    for (int i = 0; i < KEY_PAIRS; i++) {
      authenticationKeys.add(pki.newCardKeyPair());
      signatureKeys.add(pki.newCardKeyPair());
    }
  }

  /** {@code count} new cards, issued on every core (this runs between measurements). */
  public List<CardContents> issue(int count) {
    return IntStream.range(0, count).parallel().mapToObj(i -> issueOne()).toList();
  }

  private CardContents issueOne() {
    long n = issued.incrementAndGet();
    int key = (int) (n % KEY_PAIRS);
    CardContents card =
        CardContents.authenticationOnly(
            pki.issue(
                LeafSpec.authentication()
                    .issuer(authenticationRoot)
                    .keyPair(authenticationKeys.get(key))),
            authenticationRoot.certificate(),
            TestCards.DEFAULT_PIN);
    // A name no other card of this run carries: a fictitious family name and a serial number.
    TestFacts facts = TestFacts.defaults().withName("負荷　試験" + n);
    return card.withSignature(
        pki.issue(
            LeafSpec.signature()
                .issuer(signatureRoot)
                .keyPair(signatureKeys.get(key))
                .facts(facts)),
        signatureRoot.certificate(),
        TestCards.DEFAULT_PASSWORD);
  }
}
