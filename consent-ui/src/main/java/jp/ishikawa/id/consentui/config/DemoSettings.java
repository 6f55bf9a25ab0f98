package jp.ishikawa.id.consentui.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Demo mode ({@code consent-ui.demo=true}): the IdP's demo mode registers the {@code consent-ui}
 * client and writes its issuer, client id and secret to {@code
 * <demo-directory>/consent-ui.properties} ({@code ./data/demo/} by default, the IdP's own demo
 * directory); this reads them, so both start with zero setup. They have the lowest precedence: any
 * {@code --consent-ui.*} argument wins.
 */
public class DemoSettings implements EnvironmentPostProcessor, Ordered {

  /** The file the IdP's demo mode writes. */
  public static final String FILE = "consent-ui.properties";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty("consent-ui.demo", Boolean.class, false)) {
      return;
    }
    Path directory = Path.of(environment.getProperty("consent-ui.demo-directory", "data/demo"));
    Path file = directory.resolve(FILE).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "consent-ui demo mode needs "
              + file
              + ", written by the IdP in demo mode: start the IdP first"
              + " (java -jar idp/target/idp.jar --ishikawa-id.demo=true, or ./demo.sh for both),"
              + " or set --consent-ui.demo-directory to the IdP's demo directory");
    }
    Properties values = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      values.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Object> settings = new HashMap<>();
    copy(values, "issuer", settings, "consent-ui.issuer");
    copy(values, "client-id", settings, "consent-ui.client-id");
    copy(values, "client-secret", settings, "consent-ui.client-secret");
    environment.getPropertySources().addLast(new MapPropertySource("consent-ui demo", settings));
  }

  private static void copy(Properties from, String key, Map<String, Object> to, String property) {
    String value = from.getProperty(key);
    if (value != null && !value.isBlank()) {
      to.put(property, value.strip());
    }
  }

  @Override
  public int getOrder() {
    // After the application's own configuration files are read (demo-directory may be set there).
    return Ordered.LOWEST_PRECEDENCE;
  }
}
