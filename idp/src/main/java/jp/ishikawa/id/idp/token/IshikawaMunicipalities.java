package jp.ishikawa.id.idp.token;

import java.text.Normalizer;
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

  private static final Map<String, String> CODES = new LinkedHashMap<>();

  static {
    CODES.put("宝達志水町", "17386");
    CODES.put("野々市市", "17212");
    CODES.put("かほく市", "17209");
    CODES.put("中能登町", "17407");
    CODES.put("金沢市", "17201");
    CODES.put("七尾市", "17202");
    CODES.put("小松市", "17203");
    CODES.put("輪島市", "17204");
    CODES.put("珠洲市", "17205");
    CODES.put("加賀市", "17206");
    CODES.put("羽咋市", "17207");
    CODES.put("白山市", "17210");
    CODES.put("能美市", "17211");
    CODES.put("川北町", "17324");
    CODES.put("津幡町", "17361");
    CODES.put("内灘町", "17365");
    CODES.put("志賀町", "17384");
    CODES.put("穴水町", "17461");
    CODES.put("能登町", "17463");
  }

  private static final List<String> DISTRICTS = List.of("能美郡", "河北郡", "羽咋郡", "鹿島郡", "鳳珠郡");

  private IshikawaMunicipalities() {}

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
