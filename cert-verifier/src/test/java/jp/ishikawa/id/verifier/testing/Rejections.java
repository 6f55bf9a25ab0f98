package jp.ishikawa.id.verifier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jp.ishikawa.id.verifier.model.Reason;
import jp.ishikawa.id.verifier.model.Rejected;
import jp.ishikawa.id.verifier.model.VerificationResult;

/** Assertions on verification results, shared by the pipeline tests. */
public final class Rejections {

  private Rejections() {}

  /** Asserts {@code result} is a rejection for {@code reason}, at that reason's step. */
  public static Rejected assertRejected(VerificationResult result, Reason reason) {
    assertThat(result).isInstanceOf(Rejected.class);
    Rejected rejected = (Rejected) result;
    assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
    assertThat(rejected.step()).isEqualTo(reason.step());
    return rejected;
  }
}
