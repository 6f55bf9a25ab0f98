package jp.ishikawa.id.verifier.cli;

import java.util.List;
import jp.ishikawa.id.verifier.jpki.IshikawaMunicipalities;

/**
 * Names the place behind a JIS X 0402 municipality code (JPKI.md §3: characters 15–19 of an
 * authentication certificate's CN look like one), for operators answering a resident. A hint only:
 * J-LIS does not document the CN's layout, and the CLI says so next to it.
 */
final class MunicipalityHint {

  private MunicipalityHint() {}

  /** JIS X 0401 prefecture codes 01–47, in order. */
  private static final List<String> PREFECTURES =
      List.of(
          "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都",
          "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県",
          "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県",
          "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県");

  /**
   * The code at characters 15–19 of an authentication certificate's CN with what it names, e.g.
   * {@code 17201 (石川県 金沢市)}; null when the CN has no five digits there.
   */
  static String fromAuthenticationCn(String cn) {
    if (cn == null || cn.length() < 19) {
      return null;
    }
    String code = cn.substring(14, 19);
    if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return code + " (" + describe(code) + ")";
  }

  static String describe(String code) {
    String municipality = IshikawaMunicipalities.nameOf(code).orElse(null);
    int prefecture = Integer.parseInt(code.substring(0, 2));
    if (prefecture < 1 || prefecture > PREFECTURES.size()) {
      return "no such prefecture code";
    }
    String name = PREFECTURES.get(prefecture - 1);
    return municipality == null ? name : name + " " + municipality;
  }
}
