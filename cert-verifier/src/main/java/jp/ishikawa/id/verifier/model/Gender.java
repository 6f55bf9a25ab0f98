package jp.ishikawa.id.verifier.model;

/**
 * The gender fact (性別) of a signature certificate. J-LIS does not publish the code table; the codes
 * below follow JIS X 0303, which all public samples agree with. An unrecognised code is kept as
 * {@link #UNRECOGNISED} together with the raw code, never guessed.
 */
public enum Gender {
  NOT_KNOWN("0"),
  MALE("1"),
  FEMALE("2"),
  NOT_APPLICABLE("9"),
  UNRECOGNISED("");

  private final String code;

  Gender(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Gender fromCode(String raw) {
    for (Gender gender : values()) {
      if (gender != UNRECOGNISED && gender.code.equals(raw)) {
        return gender;
      }
    }
    return UNRECOGNISED;
  }
}
