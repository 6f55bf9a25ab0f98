package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import jp.ishikawa.id.cardclient.protocol.ServerErrors;
import org.junit.jupiter.api.Test;

/** The card client and the IdP speak the same error codes: every code has a resident sentence. */
class CardClientAgreementTests {

  @Test
  void serverErrorsWhenEveryIdpCodeThenKnownToTheCardClient() {
    assertThat(Arrays.stream(JpkiError.values()).map(JpkiError::code))
        .allSatisfy(code -> assertThat(ServerErrors.isKnown(code)).as(code).isTrue());
  }
}
