package jp.ishikawa.id.idp.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps docs/card-protocol.md and docs/card-protocol.openapi.yaml honest: a phone-app vendor builds
 * a client from them alone, so every error code, HTTP status, wire field name and the signed
 * message they show must be what the IdP really does. The examples are checked as a test vector:
 * the message the server would rebuild, its digest, and a signature that verifies.
 */
class CardProtocolDocumentationTests {

  private static final String DOCUMENT = "card-protocol.md";
  private static final String OPENAPI = "card-protocol.openapi.yaml";
  private static final String SHA256_DIGEST_INFO_PREFIX = "3031300d060960864801650304020105000420";

  private static String document;
  private static Map<?, ?> openApi;

  @BeforeAll
  static void read() throws IOException {
    Path docs = docsDirectory();
    document = Files.readString(docs.resolve(DOCUMENT), StandardCharsets.UTF_8);
    Object parsed =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(docs.resolve(OPENAPI), StandardCharsets.UTF_8));
    openApi = map(parsed, OPENAPI);
  }

  @Test
  void errorCodeSchemaWhenReadThenListsExactlyTheJpkiErrorCodes() {
    Object enumeration = at(openApi, "components", "schemas", "ErrorCode", "enum");

    assertThat(enumeration).as("ErrorCode.enum in " + OPENAPI).isInstanceOf(List.class);
    assertThat(Set.copyOf((List<?>) enumeration))
        .as("ErrorCode.enum in " + OPENAPI + " against JpkiError")
        .isEqualTo(
            Arrays.stream(JpkiError.values()).map(JpkiError::code).collect(Collectors.toSet()));
  }

  @Test
  void errorTableWhenReadThenEveryCodeWithItsHttpStatus() {
    Map<String, Integer> documented = new LinkedHashMap<>();
    for (List<String> row : table("<!-- error-table -->")) {
      String code = row.get(0).replace("`", "").strip();
      documented.put(code, Integer.valueOf(row.get(1).strip()));
    }

    Map<String, Integer> implemented = new LinkedHashMap<>();
    for (JpkiError error : JpkiError.values()) {
      implemented.put(error.code(), error.status().value());
    }
    assertThat(documented).as("the error table of " + DOCUMENT).isEqualTo(implemented);
  }

  @Test
  void wireSchemasWhenReadThenFieldNamesAreExactlyTheProtocols() {
    Map<?, ?> created =
        schema(at(openApi, "paths", "/jpki/transactions", "post", "responses", "201", "content"));
    Map<?, ?> described =
        schema(
            at(openApi, "paths", "/jpki/transactions/{txn}", "get", "responses", "200", "content"));
    Map<?, ?> answered =
        schema(
            at(
                openApi,
                "paths",
                "/jpki/transactions/{txn}/response",
                "post",
                "requestBody",
                "content"));

    assertThat(propertyNames(created))
        .as("create response")
        .containsExactlyInAnyOrder("txn", "qr_url", "app_link", "confirmation_code", "expires_at");
    assertThat(propertyNames(described))
        .as("describe response")
        .containsExactlyInAnyOrder("txn", "purpose", "service_name", "challenge", "expires_at");
    assertThat(propertyNames(answered))
        .as("card response body")
        .containsExactlyInAnyOrder(
            "certificate", "signature", "confirmation_code", "authentication_certificate");
  }

  @Test
  void signedMessageExampleWhenRebuiltByServerThenSameBytes() {
    Map<String, String> values = exampleValues();

    byte[] rebuilt =
        JpkiSignedMessage.build(
            values.get("origin"),
            values.get("txn"),
            values.get("purpose"),
            values.get("challenge"),
            values.get("code"));

    assertThat(fencedBlockAfter("<!-- signed-message-example -->"))
        .as("the signed-message example of " + DOCUMENT)
        .isEqualTo(new String(rebuilt, StandardCharsets.UTF_8));
  }

  @Test
  void signedMessageDigestWhenComputedThenSameAsDocumented() throws Exception {
    String digest = HexFormat.of().formatHex(sha256(exampleMessage()));
    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : fencedBlockAfter("<!-- signed-message-digest -->").split("\n")) {
      String[] parts = line.split(":", 2);
      documented.put(parts[0].strip(), parts[1].strip());
    }

    assertThat(documented)
        .as("SHA-256 and DigestInfo of the example message in " + DOCUMENT)
        .containsExactly(
            Map.entry("SHA-256", digest),
            Map.entry("DigestInfo", SHA256_DIGEST_INFO_PREFIX + digest));
  }

  @Test
  void responseExampleWhenVerifiedThenSignatureOverTheExampleMessage() throws Exception {
    JsonNode response = JsonMapper.builder().build().readTree(responseExample());
    Base64.Decoder base64url = Base64.getUrlDecoder();
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        base64url.decode(response.get("certificate").stringValue())));
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(exampleMessage());

    assertThat(verifier.verify(base64url.decode(response.get("signature").stringValue())))
        .as("the example signature verifies over the example message")
        .isTrue();
    assertThat(response.get("confirmation_code").stringValue())
        .isEqualTo(exampleValues().get("code"));
  }

  @Test
  void openApiExamplesWhenComparedWithDocumentThenSameTestVector() throws Exception {
    Map<String, String> values = exampleValues();
    JsonNode response = JsonMapper.builder().build().readTree(responseExample());
    Map<?, ?> examples = map(at(openApi, "components", "examples"), "components.examples");

    Map<?, ?> described = map(at(examples, "TransactionDescription", "value"), "example");
    Map<?, ?> created = map(at(examples, "CreatedTransaction", "value"), "example");
    Map<?, ?> answered = map(at(examples, "CardResponse", "value"), "example");

    assertThat(described.get("txn")).isEqualTo(values.get("txn"));
    assertThat(described.get("purpose")).isEqualTo(values.get("purpose"));
    assertThat(described.get("challenge")).isEqualTo(values.get("challenge"));
    assertThat(created.get("txn")).isEqualTo(values.get("txn"));
    assertThat(created.get("confirmation_code")).isEqualTo(values.get("code"));
    assertThat(created.get("qr_url"))
        .isEqualTo(values.get("origin") + "/jpki/transactions/" + values.get("txn"));
    assertThat(answered.get("certificate")).isEqualTo(response.get("certificate").stringValue());
    assertThat(answered.get("signature")).isEqualTo(response.get("signature").stringValue());
    assertThat(answered.get("confirmation_code")).isEqualTo(values.get("code"));
  }

  private static byte[] exampleMessage() {
    Map<String, String> values = exampleValues();
    return JpkiSignedMessage.build(
        values.get("origin"),
        values.get("txn"),
        values.get("purpose"),
        values.get("challenge"),
        values.get("code"));
  }

  /** The values line after the signed-message marker: {@code name=`value`} pairs. */
  private static Map<String, String> exampleValues() {
    String marker = "<!-- signed-message-example -->";
    String line =
        linesAfter(marker).stream()
            .filter(l -> !l.isBlank())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no values line after " + marker));
    assertThat(line).as("the line after " + marker).startsWith("Values:");
    Map<String, String> values = new LinkedHashMap<>();
    Matcher pair = Pattern.compile("(\\w+)=`([^`]*)`").matcher(line);
    while (pair.find()) {
      values.put(pair.group(1), pair.group(2));
    }
    assertThat(values).containsOnlyKeys("origin", "txn", "purpose", "challenge", "code");
    return values;
  }

  private static String responseExample() {
    return fencedBlockAfter("<!-- response-example -->");
  }

  /** The content of the first fenced code block after {@code marker}, without its last newline. */
  private static String fencedBlockAfter(String marker) {
    List<String> lines = linesAfter(marker);
    int open = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        open = i;
        break;
      }
    }
    if (open < 0) {
      fail("no fenced block after " + marker + " in " + DOCUMENT);
    }
    for (int close = open + 1; close < lines.size(); close++) {
      if (lines.get(close).equals("```")) {
        return String.join("\n", lines.subList(open + 1, close));
      }
    }
    throw new AssertionError("unclosed fenced block after " + marker + " in " + DOCUMENT);
  }

  /** The rows (cells) of the Markdown table after {@code marker}, without header and rule. */
  private static List<List<String>> table(String marker) {
    List<String> rows =
        linesAfter(marker).stream()
            .dropWhile(String::isBlank)
            .takeWhile(line -> line.startsWith("|"))
            .toList();
    assertThat(rows).as("the table after " + marker + " in " + DOCUMENT).hasSizeGreaterThan(2);
    return rows.subList(2, rows.size()).stream()
        .map(row -> List.of(row.substring(1, row.length() - 1).split("\\|", -1)))
        .toList();
  }

  private static List<String> linesAfter(String marker) {
    int at = document.indexOf(marker);
    if (at < 0) {
      fail("marker " + marker + " is missing from " + DOCUMENT);
    }
    List<String> lines = document.substring(at + marker.length()).lines().toList();
    return lines.subList(1, lines.size());
  }

  /** The object schema of {@code content["application/json"].schema}, following a local $ref. */
  private static Map<?, ?> schema(Object content) {
    Map<?, ?> schema = map(at(content, "application/json", "schema"), "schema");
    Object ref = schema.get("$ref");
    if (ref instanceof String pointer) {
      assertThat(pointer).startsWith("#/");
      return map(at(openApi, pointer.substring(2).split("/")), pointer);
    }
    return schema;
  }

  private static Set<String> propertyNames(Map<?, ?> schema) {
    return map(schema.get("properties"), "properties").keySet().stream()
        .map(String::valueOf)
        .collect(Collectors.toSet());
  }

  private static Object at(Object root, String... path) {
    Object node = root;
    for (String key : path) {
      node = map(node, String.join(".", path)).get(key);
      if (node == null) {
        fail(String.join(".", path) + " is missing from " + OPENAPI + " (at " + key + ")");
      }
    }
    return node;
  }

  private static Map<?, ?> map(Object node, String what) {
    assertThat(node).as(what).isInstanceOf(Map.class);
    return (Map<?, ?>) node;
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  /** The project's docs/ folder: the tests run in idp/, so look upwards for it. */
  private static Path docsDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs").resolve(DOCUMENT))) {
        return dir.resolve("docs");
      }
    }
    throw new AssertionError(
        "docs/" + DOCUMENT + " not found in " + Path.of("").toAbsolutePath() + " or above");
  }
}
