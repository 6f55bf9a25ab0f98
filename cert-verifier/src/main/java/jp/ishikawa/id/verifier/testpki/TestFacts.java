package jp.ishikawa.id.verifier.testpki;

import java.util.Objects;

/**
 * The four basic facts to put in a test signature certificate, in the raw forms the card uses. The
 * defaults describe an obviously fictitious resident of Kanazawa.
 *
 * @param name 氏名
 * @param nameSubstitute 氏名の代替文字, or null to leave it out
 * @param genderCode 性別 code (1 male, 2 female, 0 unknown, 9 not applicable)
 * @param birthDate {@code EYYYYMMDD}
 * @param address 住所
 * @param addressSubstitute 住所の代替文字, or null to leave it out
 */
public record TestFacts(
    String name,
    String nameSubstitute,
    String genderCode,
    String birthDate,
    String address,
    String addressSubstitute) {

  public TestFacts {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(genderCode, "genderCode");
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(address, "address");
  }

  /** テスト 太郎, born 1 April 1980, of 石川県金沢市鞍月１丁目１番地. */
  public static TestFacts defaults() {
    return new TestFacts("テスト　太郎", null, "1", "319800401", "石川県金沢市鞍月１丁目１番地", null);
  }

  public TestFacts withName(String newName) {
    return new TestFacts(
        newName, nameSubstitute, genderCode, birthDate, address, addressSubstitute);
  }

  public TestFacts withBirthDate(String newBirthDate) {
    return new TestFacts(
        name, nameSubstitute, genderCode, newBirthDate, address, addressSubstitute);
  }

  public TestFacts withGenderCode(String newGenderCode) {
    return new TestFacts(
        name, nameSubstitute, newGenderCode, birthDate, address, addressSubstitute);
  }

  public TestFacts withAddress(String newAddress) {
    return new TestFacts(
        name, nameSubstitute, genderCode, birthDate, newAddress, addressSubstitute);
  }

  public TestFacts withSubstitutes(String newNameSubstitute, String newAddressSubstitute) {
    return new TestFacts(
        name, newNameSubstitute, genderCode, birthDate, address, newAddressSubstitute);
  }

  @Override
  public String toString() {
    return "TestFacts[redacted]";
  }
}
