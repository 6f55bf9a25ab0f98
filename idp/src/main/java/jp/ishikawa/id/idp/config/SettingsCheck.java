package jp.ishikawa.id.idp.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import jp.ishikawa.id.idp.client.ConfiguredClients;
import jp.ishikawa.id.idp.migration.DatabaseMigration;
import jp.ishikawa.id.idp.settings.InvalidSettingsException;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.idp.settings.SettingProblem;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Every start-up rule on {@code ishikawa-id.*}, checked together before anything else starts, so
 * that one start lists every missing or invalid setting ({@link InvalidSettingsException}, printed
 * by {@link InvalidSettingsFailureAnalyzer}) instead of one stack trace per attempt. Rules, in
 * order:
 *
 * <ol>
 *   <li>the issuer is an http(s) origin without a path;
 *   <li>the state store is {@code embedded} or {@code redis};
 *   <li>the revocation mode is {@code none}, {@code crl}, {@code ocsp} or {@code ocsp+crl}, and
 *       {@code none} only in demo mode;
 *   <li>{@code crl} and {@code ocsp+crl} have CRL locations (outside demo mode);
 *   <li>there are authentication-CA trust anchors, and every trust anchor file exists (outside demo
 *       mode);
 *   <li>both server secrets are set, base64, and at least 32 bytes (outside demo mode);
 *   <li>the demo card button is not switched on outside demo mode;
 *   <li>every configured client passes {@link ConfiguredClients}' rules.
 * </ol>
 *
 * The beans that use these settings keep their own refusals (a test root, an unreadable file): this
 * check only makes sure the common mistakes are all reported at once. Registered as an application
 * listener in {@code META-INF/spring.factories}.
 */
public class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final Set<String> REVOCATION_MODES = Set.of("none", "crl", "ocsp", "ocsp+crl");

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    if (event.getSpringApplication().getAllSources().contains(DatabaseMigration.class)) {
      // migrate-only: it starts nothing but Flyway, so only the database settings matter.
      return;
    }
    List<SettingProblem> problems = check(event.getEnvironment());
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  /** Every problem of the environment's {@code ishikawa-id.*} settings; empty when it may start. */
  public static List<SettingProblem> check(ConfigurableEnvironment environment) {
    List<SettingProblem> problems = new ArrayList<>();
    String issuer = environment.getProperty("ishikawa-id.issuer");
    if (issuer != null) {
      try {
        new IshikawaIdProperties().setIssuer(URI.create(issuer));
      } catch (IllegalArgumentException e) {
        problems.add(
            new SettingProblem(
                "ishikawa-id.issuer",
                "is not an http(s) origin: " + issuer,
                "set the public origin residents use, such as https://id.pref.ishikawa.lg.jp"
                    + " (no path)"));
      }
    }
    // The issuer was checked above; binding skips it so one bad value hides nothing else.
    BindHandler lenient =
        new IgnoreErrorsBindHandler() {
          @Override
          public <T> Bindable<T> onStart(
              ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
            return name.toString().equals("ishikawa-id.issuer")
                ? null
                : super.onStart(name, target, context);
          }
        };
    IshikawaIdProperties properties =
        Binder.get(environment)
            .bind("ishikawa-id", Bindable.of(IshikawaIdProperties.class), lenient)
            .orElseGet(IshikawaIdProperties::new);
    boolean demo = properties.isDemo();

    if (!Set.of("embedded", "redis").contains(properties.getStore())) {
      problems.add(
          new SettingProblem(
              "ishikawa-id.store",
              "must be embedded or redis, not " + properties.getStore(),
              "use embedded (one node) or redis (several nodes; the production profile)"));
    }

    IshikawaIdProperties.Jpki jpki = properties.getJpki();
    String mode = jpki.getRevocation();
    if (!REVOCATION_MODES.contains(mode)) {
      problems.add(
          new SettingProblem(
              "ishikawa-id.jpki.revocation",
              "must be none, crl, ocsp or ocsp+crl, not " + mode,
              "use crl (J-LIS CRLs), ocsp, or ocsp+crl (OCSP, CRLs when it is down)"));
    } else if (mode.equals("none") && !demo) {
      problems.add(
          new SettingProblem(
              "ishikawa-id.jpki.revocation",
              "revocation=none is for demo mode only",
              "use crl, ocsp or ocsp+crl"));
    }

    if (!demo) {
      if ((mode.equals("crl") || mode.equals("ocsp+crl")) && jpki.getCrlLocations().isEmpty()) {
        problems.add(
            new SettingProblem(
                "ishikawa-id.jpki.crl-locations",
                "revocation=" + mode + " needs ishikawa-id.jpki.crl-locations",
                "list the CRL files, folders or http(s) URLs of the J-LIS CAs"));
      }
      if (jpki.getLoginTrustAnchors().isEmpty()) {
        problems.add(
            new SettingProblem(
                "ishikawa-id.jpki.login-trust-anchors",
                "ishikawa-id.jpki.login-trust-anchors is empty",
                "list the J-LIS authentication CA root files (PEM or DER) or their folder"));
      }
      anchors("ishikawa-id.jpki.login-trust-anchors", jpki.getLoginTrustAnchors(), problems);
      anchors("ishikawa-id.jpki.identity-trust-anchors", jpki.getIdentityTrustAnchors(), problems);
      secret(
          "ishikawa-id.secrets.encryption-key",
          properties.getSecrets().getEncryptionKey(),
          problems);
      secret(
          "ishikawa-id.secrets.pairwise-key", properties.getSecrets().getPairwiseKey(), problems);
      if (Boolean.TRUE.equals(properties.getDemoCardButton())) {
        problems.add(
            new SettingProblem(
                "ishikawa-id.demo-card-button",
                "is on outside demo mode: anyone could log in with a demo card's key",
                "remove it (it exists for ishikawa-id.demo=true only)"));
      }
    }
    for (String problem : ConfiguredClients.problems(properties.getClients())) {
      problems.add(
          new SettingProblem(
              "ishikawa-id.clients",
              problem,
              "fix that client's entry (see docs/architecture.md, Configuration)"));
    }
    return problems;
  }

  private static void anchors(String key, List<String> anchors, List<SettingProblem> problems) {
    for (String anchor : anchors) {
      if (!Files.exists(Path.of(anchor))) {
        problems.add(
            new SettingProblem(
                key,
                "no such file or folder: " + anchor,
                "give the path of the root certificate file (PEM or DER) or of its folder"));
      }
    }
  }

  /** Same rule as {@code ServerSecrets}: base64 of at least 32 random bytes. */
  private static void secret(String key, String value, List<SettingProblem> problems) {
    String generate = "generate one with `openssl rand -base64 32` and keep it in the secret store";
    if (value == null || value.isBlank()) {
      problems.add(new SettingProblem(key, key + " is not set", generate));
      return;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      problems.add(new SettingProblem(key, "is not valid base64", generate));
      return;
    }
    if (bytes.length < 32) {
      problems.add(
          new SettingProblem(key, "must be at least 32 bytes (base64 of 32 bytes)", generate));
    }
  }
}
