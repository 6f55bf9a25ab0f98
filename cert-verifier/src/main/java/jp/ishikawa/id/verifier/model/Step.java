package jp.ishikawa.id.verifier.model;

/**
 * The steps of the verification pipeline, in the order they run. A rejection names the step that
 * failed, so an operator can see how far a certificate got.
 */
public enum Step {
  INPUT("input"),
  ISSUER("issuer"),
  PATH("path"),
  TIME("time"),
  PROFILE("profile"),
  SIGNATURE("signature"),
  REVOCATION("revocation"),
  IDENTITY("identity");

  private final String code;

  Step(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
