package jp.ishikawa.id.idp.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.ishikawa.id.idp.audit.AuditChainVerifier;
import jp.ishikawa.id.idp.audit.AuditCommand;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.config.ManagementApiConfiguration;
import jp.ishikawa.id.idp.consent.ConsentRecord;
import jp.ishikawa.id.idp.identity.CredentialBinding;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.token.SigningKeyStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps docs/management-api.openapi.yaml and docs/management-api.md in step with the code: the same
 * endpoints as the controllers map, each with the role the filter chain requires, the problem codes
 * the API answers, and the field names it writes.
 */
class ManagementApiDocumentationTests {

  private static final List<Class<?>> CONTROLLERS =
      List.of(
          ResidentApiController.class,
          AuditorApiController.class,
          SupportApiController.class,
          AdminKeysController.class);

  private static Map<?, ?> openApi;
  private static String document;

  @BeforeAll
  static void read() throws IOException {
    Path docs = docsDirectory();
    openApi =
        (Map<?, ?>)
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(
                    Files.readString(
                        docs.resolve("management-api.openapi.yaml"), StandardCharsets.UTF_8));
    document = Files.readString(docs.resolve("management-api.md"), StandardCharsets.UTF_8);
  }

  private static Set<String> implementedOperations() {
    Set<String> operations = new TreeSet<>();
    for (Class<?> controller : CONTROLLERS) {
      for (Method method : controller.getDeclaredMethods()) {
        GetMapping get = method.getAnnotation(GetMapping.class);
        if (get != null) {
          for (String path : get.value()) {
            operations.add("GET " + path);
          }
        }
        PostMapping post = method.getAnnotation(PostMapping.class);
        if (post != null) {
          for (String path : post.value()) {
            operations.add("POST " + path);
          }
        }
      }
    }
    return operations;
  }

  private static Map<String, String> documentedOperations() {
    Map<String, String> operations = new java.util.TreeMap<>();
    ((Map<?, ?>) openApi.get("paths"))
        .forEach(
            (path, item) ->
                ((Map<?, ?>) item)
                    .forEach(
                        (method, operation) ->
                            operations.put(
                                method.toString().toUpperCase(java.util.Locale.ROOT) + " " + path,
                                String.valueOf(((Map<?, ?>) operation).get("x-role")))));
    return operations;
  }

  @Test
  void pathsWhenReadThenExactlyTheControllersEndpoints() {
    assertThat(documentedOperations().keySet()).isEqualTo(implementedOperations());
  }

  @Test
  void rolesWhenReadThenTheRoleTheFilterChainRequires() {
    documentedOperations()
        .forEach(
            (operation, role) -> {
              String path = operation.substring(operation.indexOf(' ') + 1);
              String required =
                  ManagementApiConfiguration.ROLES.entrySet().stream()
                      .filter(
                          rule ->
                              PathPatternParser.defaultInstance
                                  .parse(rule.getKey())
                                  .matches(
                                      PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x"))))
                      .map(Map.Entry::getValue)
                      .findFirst()
                      .orElse("denied");
              assertThat(role).as(operation).isEqualTo(required);
            });
  }

  @Test
  void markdownWhenReadThenListsEveryEndpointWithItsRole() {
    documentedOperations()
        .forEach(
            (operation, role) ->
                assertThat(document)
                    .as("docs/management-api.md")
                    .contains("| `" + operation + "` | " + role + " |"));
  }

  @Test
  void problemCodesWhenReadThenExactlyTheCodesTheApiAnswers() {
    Set<String> implemented =
        Set.of(
            ManagementApiRefusals.NO_TOKEN,
            ManagementApiRefusals.INVALID_TOKEN,
            ManagementApiRefusals.INSUFFICIENT_ROLE,
            ApiProblem.invalidRequest("x").code(),
            ApiProblem.notFound("x").code(),
            ApiProblem.notCurrent("x").code(),
            FreshCardTap.CODE);

    assertThat(Set.copyOf((List<?>) schema("ProblemCode").get("enum"))).isEqualTo(implemented);
  }

  @Test
  void schemasWhenReadThenTheFieldsTheApiWrites() {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    ConsentRecord record =
        new ConsentRecord(
            "c",
            "r",
            "rc",
            "portal",
            "Portal",
            "login",
            List.of("openid"),
            "consent",
            "2026-11",
            "given",
            "sign-in",
            now,
            null,
            null);
    assertThat(required("Consent"))
        .isEqualTo(Set.copyOf(ResidentApiController.json(record, "Portal", now).keySet()));
    SigningKeyStore.KeyInfo key =
        new SigningKeyStore.KeyInfo(
            "k", "ES256", SigningKeyStore.RETIRED, now, now, now, now.plusSeconds(60));
    assertThat(required("KeyView")).isEqualTo(AdminKeysController.json(key).keySet());
    assertThat(Set.copyOf((List<?>) at(schema("KeyView"), "properties", "status", "enum")))
        .isEqualTo(Set.of(SigningKeyStore.NEXT, SigningKeyStore.ACTIVE, SigningKeyStore.RETIRED));
    assertThat(required("Card"))
        .isEqualTo(
            Set.copyOf(
                ResidentApiController.json(
                        new CredentialBinding(
                            "b", "r", "CN=x", "01", "FF", "root", now, now, now, null))
                    .keySet()));
    assertThat(required("ConsentReceipt"))
        .isEqualTo(
            Set.copyOf(
                ConsentReceipt.of(record, new Resident("r", "IK", Resident.Status.ACTIVE, now))
                    .keySet()));
    assertThat(required("AuditEvent"))
        .isEqualTo(
            Set.copyOf(
                AuditorApiController.json(
                        new AuditLog.Event(
                            "e", now, "t", "success", null, null, null, null, 1, "0", "1"))
                    .keySet()));
    Map<String, Object> verdict =
        AuditCommand.json(
            new AuditChainVerifier.Verdict(
                false,
                1,
                0,
                1,
                "h",
                new AuditChainVerifier.BrokenLink(
                    1, "e", AuditChainVerifier.Problem.HASH_MISMATCH, "d")));
    assertThat(required("ChainVerdict")).isEqualTo(verdict.keySet());
    assertThat(
            Set.copyOf(
                (List<?>)
                    at(
                        schema("ChainVerdict"),
                        "properties",
                        "first_broken",
                        "properties",
                        "problem",
                        "enum")))
        .isEqualTo(
            Set.copyOf(
                java.util.Arrays.stream(AuditChainVerifier.Problem.values())
                    .map(AuditChainVerifier.Problem::code)
                    .toList()));
  }

  private static Object at(Map<?, ?> map, String... keys) {
    Object current = map;
    for (String key : keys) {
      current = ((Map<?, ?>) current).get(key);
    }
    return current;
  }

  private static Map<?, ?> schema(String name) {
    return (Map<?, ?>)
        ((Map<?, ?>) ((Map<?, ?>) openApi.get("components")).get("schemas")).get(name);
  }

  private static Set<Object> required(String name) {
    return Set.copyOf((List<?>) schema(name).get("required"));
  }

  private static Path docsDirectory() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/management-api.openapi.yaml"))) {
        return dir.resolve("docs");
      }
    }
    throw new IllegalStateException("docs/management-api.openapi.yaml not found above " + here);
  }
}
