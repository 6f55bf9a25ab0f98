package jp.ishikawa.id.idp.load;

/**
 * A step of a measured flow did not answer as the protocol promises: the iteration counts as an
 * error, never as a success. The message names the step and what came back (status, path, error
 * code), never a token, a PIN or a personal fact.
 */
final class FlowFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FlowFailure(String message) {
    // No stack trace: failures are counted by message, and under load they can be many.
    super(message, null, false, false);
  }
}
