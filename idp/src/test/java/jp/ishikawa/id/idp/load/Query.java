package jp.ishikawa.id.idp.load;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a URI's query, decoded, in order. */
final class Query {

  private Query() {}

  static Map<String, List<String>> parse(URI uri) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return values;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      values
          .computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }
}
