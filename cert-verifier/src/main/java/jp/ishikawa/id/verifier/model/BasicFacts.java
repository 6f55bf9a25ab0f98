package jp.ishikawa.id.verifier.model;

import java.util.Objects;

/**
 * The four basic facts (基本4情報) of a signature certificate: name, date of birth, gender and address,
 * each also in substitute characters where the certificate carries them.
 *
 * <p>These are personal facts. {@link #toString()} never shows them, and callers must not log them;
 * the IdP stores them encrypted.
 *
 * @param name 氏名, as certificate characters
 * @param nameSubstitute 氏名の代替文字, or null when absent
 * @param gender 性別
 * @param genderCode the raw code behind {@code gender}
 * @param birthDate 生年月日
 * @param address 住所
 * @param addressSubstitute 住所の代替文字, or null when absent
 */
public record BasicFacts(
    String name,
    String nameSubstitute,
    Gender gender,
    String genderCode,
    BirthDate birthDate,
    String address,
    String addressSubstitute) {

  public BasicFacts {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(genderCode, "genderCode");
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(address, "address");
  }

  @Override
  public String toString() {
    return "BasicFacts[redacted]";
  }
}
