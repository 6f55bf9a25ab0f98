package jp.ishikawa.id.verifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's small JSON and text writer. */
class ReportTests {

  @Test
  void toJsonWhenNestedValuesThenStableOrderAndIndentation() {
    Report report =
        new Report()
            .put("result", "verified")
            .put("count", 3)
            .put("ok", true)
            .put("none", null)
            .put("inner", new Report().put("a", "b"))
            .put("list", List.of("x", "y"))
            .put("empty", List.of());

    assertThat(report.toJson())
        .isEqualTo(
            """
            {
              "result": "verified",
              "count": 3,
              "ok": true,
              "none": null,
              "inner": {
                "a": "b"
              },
              "list": [
                "x",
                "y"
              ],
              "empty": []
            }
            """);
  }

  @Test
  void toJsonWhenStringNeedsEscapingThenEscapedPerRfc8259() {
    String json =
        new Report().put("s", "q\" b\\ n\n t\t c\u0001 l\u2028 u\ud800 ok\ud83d\ude00 日本").toJson();

    assertThat(json)
        .contains("\"s\": \"q\\\" b\\\\ n\\n t\\t c\\u0001 l\\u2028 u\\ud800 ok\ud83d\ude00 日本\"");
  }

  @Test
  void putWhenUnsupportedTypeThenRefused() {
    assertThatThrownBy(() -> new Report().put("x", new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toTextWhenFieldsThenAlignedLabelsWithSpacesAndDashForNull() {
    String text =
        new Report()
            .put("short", "a")
            .put("longer_key", null)
            .put("items", List.of("one"))
            .toText();

    assertThat(text).isEqualTo("short:      a\nlonger key: -\nitems:\n  - one\n");
  }
}
