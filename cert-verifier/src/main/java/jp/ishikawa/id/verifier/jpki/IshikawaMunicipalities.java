package jp.ishikawa.id.verifier.jpki;

import java.text.Normalizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ishikawa's 19 municipalities (JIS X 0402), and how to find one in a certificate address so that a
 * service can be told "lives in Ishikawa, in Kanazawa" without the address. Addresses may use
 * full-width digits and may or may not include the 郡 name (ARCHITECTURE.md).
 */
public final class IshikawaMunicipalities {

  public static final String PREFECTURE = "石川県";

  /** Municipality name → code, longest names first so a prefix never shadows a longer name. */
  private static final Map<String, String> CODES = codes();

  private static Map<String, String> codes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("宝達志水町", "17386");
    codes.put("野々市市", "17212");
    codes.put("かほく市", "17209");
    codes.put("中能登町", "17407");
    codes.put("金沢市", "17201");
    codes.put("七尾市", "17202");
    codes.put("小松市", "17203");
    codes.put("輪島市", "17204");
    codes.put("珠洲市", "17205");
    codes.put("加賀市", "17206");
    codes.put("羽咋市", "17207");
    codes.put("白山市", "17210");
    codes.put("能美市", "17211");
    codes.put("川北町", "17324");
    codes.put("津幡町", "17361");
    codes.put("内灘町", "17365");
    codes.put("志賀町", "17384");
    codes.put("穴水町", "17461");
    codes.put("能登町", "17463");
    return Collections.unmodifiableMap(codes);
  }

  private static final List<String> DISTRICTS = List.of("能美郡", "河北郡", "羽咋郡", "鹿島郡", "鳳珠郡");

  private IshikawaMunicipalities() {}

  /** The municipality a JIS X 0402 code names, if it is one of Ishikawa's 19. */
  public static Optional<String> nameOf(String code) {
    for (Map.Entry<String, String> municipality : CODES.entrySet()) {
      if (municipality.getValue().equals(code)) {
        return Optional.of(municipality.getKey());
      }
    }
    return Optional.empty();
  }

  /** Whether the address lies in Ishikawa Prefecture. */
  public static boolean inIshikawa(String address) {
    return normalise(address).startsWith(PREFECTURE);
  }

  /** The 5-digit JIS X 0402 code of the municipality the address names, if it is in Ishikawa. */
  public static Optional<String> codeOf(String address) {
    String rest = normalise(address);
    if (!rest.startsWith(PREFECTURE)) {
      return Optional.empty();
    }
    rest = rest.substring(PREFECTURE.length());
    for (String district : DISTRICTS) {
      if (rest.startsWith(district)) {
        rest = rest.substring(district.length());
        break;
      }
    }
    for (Map.Entry<String, String> municipality : CODES.entrySet()) {
      if (rest.startsWith(municipality.getKey())) {
        return Optional.of(municipality.getValue());
      }
    }
    return Optional.empty();
  }

  private static String normalise(String address) {
    return address == null
        ? ""
        : Normalizer.normalize(address, Normalizer.Form.NFKC).replaceAll("\\s+", "");
  }
}
