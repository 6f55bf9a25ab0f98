package jp.ishikawa.id.verifier.jpki;

import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Step;
import jp.ishikawa.id.verifier.pipeline.CheckContext;
import jp.ishikawa.id.verifier.pipeline.CheckOutcome;
import jp.ishikawa.id.verifier.pipeline.VerificationCheck;

/**
 * Step 8, identity extraction. For {@code identity}, the four basic facts must be present and well
 * formed: a signature certificate without them cannot prove who signed. For {@code login} nothing
 * personal is read: the credential key is all the IdP needs.
 */
public final class IdentityExtractionCheck implements VerificationCheck {

  private final BasicFactsExtractor extractor = new BasicFactsExtractor();

  @Override
  public Step step() {
    return Step.IDENTITY;
  }

  @Override
  public CheckOutcome check(CheckContext context) {
    if (context.purpose() != Purpose.IDENTITY) {
      return CheckOutcome.pass();
    }
    try {
      context.facts(extractor.extract(context.certificate()));
      return CheckOutcome.pass();
    } catch (BasicFactsExtractor.FactsException e) {
      return CheckOutcome.fail(
          e.missing() ? Reason.MISSING_BASIC_FACTS : Reason.MALFORMED_BASIC_FACTS, e.getMessage());
    }
  }
}
